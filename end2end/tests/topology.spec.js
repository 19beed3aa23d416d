// The topology graph is server-rendered SVG whose nodes are links.
import { test, expect } from '@playwright/test';

test('a service graph shows the services upstream and its nodes lead to their pages', async ({ page }) => {
  await page.goto('/services?team=notifications&stage=prod');
  await page.locator('table.services').getByRole('link', { name: 'notifier' }).click();
  const graph = page.getByRole('img', { name: /Events around notifier/ });
  await expect(graph).toBeVisible();
  // payments-service publishes PaymentSucceeded to the commerce bus, which notifier's rule matches.
  await expect(graph.locator('.node.service', { hasText: 'payments-service' }).first()).toBeVisible();
  await expect(graph.locator('.node.event', { hasText: 'order-events' })).toBeVisible();

  await graph.locator('a', { has: page.locator('.node.event', { hasText: 'order-events' }) }).click();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('order-events');

  const eventGraph = page.getByRole('img', { name: 'Producers and consumers of order-events' });
  await expect(eventGraph.locator('.node.focus')).toContainText('order-events');
  await eventGraph.locator('a', { has: page.locator('.node.function', { hasText: 'chargeOrder' }).filter({ hasText: 'prod' }) }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('chargeOrder');
});
