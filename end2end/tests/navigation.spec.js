// With JavaScript on, the app hydrates and links navigate without reloading the page.
import { test, expect } from '@playwright/test';

test('header links navigate on the client after hydration @js-only', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/');
  // Wait until the wasm bundle has hydrated the page.
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('.wasm')));
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => { window.__stillTheSameDocument = true; });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page).toHaveURL(/\/teams$/);
  await expect(page.getByRole('heading', { name: 'Teams' })).toBeVisible();
  await expect(page.locator('table.teams tbody tr')).toHaveCount(7);
  expect(await page.evaluate(() => window.__stillTheSameDocument)).toBe(true);

  await page.goBack();
  await expect(page.locator('[data-count="services"] .card-value')).toHaveText('15');
  expect(await page.evaluate(() => window.__stillTheSameDocument)).toBe(true);
  expect(errors).toEqual([]);
});

test('without JavaScript, header links are plain links that load full pages @js-off-only', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page).toHaveURL(/\/teams$/);
  await expect(page.locator('table.teams tbody tr')).toHaveCount(7);
});
