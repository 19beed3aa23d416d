// Browsing the catalog: team → service → function, and facets whose URL can be shared.
import { test, expect } from '@playwright/test';

test('a team leads to its service and on to a function', async ({ page }) => {
  await page.goto('/teams');
  await page.getByRole('link', { name: 'payments', exact: true }).click();
  await expect(page).toHaveURL(/\/teams\/payments$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('payments');

  await page.locator('table.services').getByRole('link', { name: 'payments-service' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('payments-service');
  const functions = page.locator('table.functions tbody tr');
  await expect(functions).toHaveCount(4);
  await expect(page.locator('dl.facts')).toContainText('payments/payments-service/serverless.yml');

  await functions.filter({ hasText: 'chargeOrder' }).getByRole('link', { name: 'chargeOrder' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('chargeOrder');
  await expect(page.locator('dl.facts')).toContainText('com.example.payments.ChargeHandler');
  const trigger = page.locator('table.triggers tbody tr');
  await expect(trigger).toHaveCount(1);
  await expect(trigger).toContainText('order-events');
  await expect(trigger.locator('pre.config')).toContainText('OrderPlaced');
});

test('facet filters narrow the services list and their URL can be shared', async ({ page, browser }) => {
  await page.goto('/services');
  await expect(page.locator('table.services tbody tr')).toHaveCount(15);
  await page.locator('[data-facet="team"]').getByRole('link', { name: 'orders', exact: true }).click();
  await expect(page).toHaveURL(/\/services\?team=orders$/);
  await expect(page.locator('table.services tbody tr')).toHaveCount(3);
  await page.locator('[data-facet="stage"]').getByRole('link', { name: 'staging', exact: true }).click();
  await expect(page).toHaveURL(/team=orders/);
  await expect(page).toHaveURL(/stage=staging/);
  await expect(page.locator('table.services tbody tr')).toHaveCount(1);
  const shared = page.url();

  // Someone else opens the shared link and sees the same list.
  const other = await browser.newPage();
  await other.goto(shared);
  await expect(other.locator('table.services tbody tr')).toHaveCount(1);
  await expect(other.locator('table.services tbody tr')).toContainText('orders-api');
  await expect(other.locator('[data-facet="team"] a.selected')).toHaveText('orders');
  await other.close();

  // Clicking a chosen value removes that filter again.
  await page.locator('[data-facet="team"] a.selected').click();
  await expect(page).toHaveURL(/\/services\?stage=staging$/);
  await expect(page.locator('table.services tbody tr')).toHaveCount(3);
});

test('an event page shows producers and consumers across teams', async ({ page }) => {
  await page.goto('/events?kind=sns_topic');
  await page.locator('table.events').getByRole('link', { name: 'order-events' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('order-events');
  const consumers = page.locator('table.endpoints').last().locator('tbody tr');
  await expect(consumers).toHaveCount(4);
  await expect(consumers.filter({ hasText: 'notifications' }).first()).toContainText('orderConfirmation');
  await expect(page.locator('table.endpoints').first()).toContainText('createOrder');
});

test('an unknown service id is a 404 page', async ({ page }) => {
  const response = await page.goto('/services/987654');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('alert')).toContainText('service 987654 was not found');
});
