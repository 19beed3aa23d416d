// The home page shows the demo organization's real totals, with or without JavaScript.
import { test, expect } from '@playwright/test';

// The demo (demo/ in the repository) deploys 12 services, 3 of them to staging as well.
const DEMO = { services: '15', functions: '48', events: '38', teams: '7' };

test('the overview shows the demo organization counts read from the database', async ({ page }) => {
  const response = await page.goto('/');
  expect(response.status()).toBe(200);
  await expect(page).toHaveTitle('Overview · Switchboard');
  for (const [label, value] of Object.entries(DEMO)) {
    await expect(page.locator(`[data-count="${label}"] .card-value`)).toHaveText(value);
  }
});

test('every page has the header with navigation and a search box', async ({ page }) => {
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const name of ['Services', 'Events', 'Teams', 'Costs']) {
    await expect(nav.getByRole('link', { name })).toBeVisible();
  }
  await expect(page.getByRole('searchbox', { name: 'Search the catalog' })).toBeVisible();
});

test('the teams page lists the demo teams with their totals', async ({ page }) => {
  await page.goto('/teams');
  const rows = page.locator('table.teams tbody tr');
  await expect(rows).toHaveCount(7);
  // orders-api (prod and staging, 4 functions each) and order-stream (1 function).
  const orders = rows.filter({ has: page.locator('td:first-child', { hasText: /^orders$/ }) });
  await expect(orders.locator('td')).toHaveText(['orders', '3', '9']);
});

test('an unknown address answers 404 with a way back', async ({ page }) => {
  const response = await page.goto('/no/such/page');
  expect(response.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Back to the overview' }).click();
  await expect(page).toHaveURL(/\/$/);
});
