// Searching from the header: a plain form without JavaScript, live results with it.
import { test, expect } from '@playwright/test';

test('searching from the header leads to an event page', async ({ page }) => {
  await page.goto('/services');
  const box = page.getByRole('searchbox', { name: 'Search the catalog' });
  await box.fill('order-events');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=order-events$/);
  const events = page.locator('[data-group="event"]');
  await expect(events.locator('.hit-title').first()).toContainText('order-events');
  await expect(events.locator('mark').first()).toBeVisible();
  await events.locator('.hit-title').first().click();
  await expect(page).toHaveURL(/\/events\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('order-events');
});

test('a typo still finds what was meant, and kind filters narrow the results', async ({ page }) => {
  await page.goto('/search?q=ordres');
  await expect(page.locator('.hit-title', { hasText: 'orders-api' }).first()).toBeVisible();
  await page.locator('nav.kinds').getByRole('link', { name: 'Events' }).click();
  await expect(page).toHaveURL(/kind=event/);
  await expect(page.locator('[data-group="service"]')).toHaveCount(0);
  await expect(page.locator('[data-group="event"] .hit-title').first()).toBeVisible();
});

test('results appear as you type and the keyboard opens one @js-only', async ({ page }) => {
  await page.goto('/');
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
  await page.keyboard.press('/');
  const box = page.getByRole('searchbox', { name: 'Search the catalog' });
  await expect(box).toBeFocused();
  await box.pressSequentially('payme', { delay: 30 });
  const options = page.getByRole('listbox', { name: 'Results' }).getByRole('option');
  await expect(options.first()).toBeVisible();
  await expect(options.first()).toContainText('payments');
  await box.press('ArrowDown');
  await expect(options.first()).toHaveAttribute('aria-selected', 'true');
  const href = await options.first().locator('a').getAttribute('href');
  await box.press('Enter');
  await expect(page).toHaveURL(new RegExp(href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$'));
});

const HOSTILE = [
  '"', "'", '*', '-', 'NEAR', 'OR', 'AND NOT', '((', ')', '"unbalanced', 'a:b', '^x', '%', '_',
  '🔥🚀', 'مرحبا بالعالم', '<script>alert(1)</script>', "'; DROP TABLE services; --", 'x'.repeat(10000),
];

test('hostile search text never breaks the page', async ({ page }) => {
  for (const q of HOSTILE) {
    const response = await page.goto('/search?q=' + encodeURIComponent(q));
    expect(response.status(), `status for ${q.slice(0, 40)}`).toBe(200);
    await expect(page.getByRole('heading', { name: 'Search' })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
  }
  // The query is shown as text, never as markup.
  await page.goto('/search?q=' + encodeURIComponent('<b>bold</b>'));
  await expect(page.locator('.results b')).toHaveCount(0);
});
