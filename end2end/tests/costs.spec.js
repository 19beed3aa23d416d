// The costs page ranks the demo's functions, services and teams; a function's metrics tab draws
// its charts on the server.
import { test, expect } from '@playwright/test';

const dollars = (text) => Number(text.replace(/[^0-9.]/g, ''));

test('the costs page ranks the demo functions by cost, most expensive first', async ({ page, browser }) => {
  await page.goto('/costs');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Costs');
  await expect(page.locator('.disclaimer').first()).toContainText('list-price estimates before free tier and volume discounts');
  const rows = page.locator('table.costs tbody tr');
  expect(await rows.count()).toBeGreaterThan(20);
  const costs = await page.locator('table.costs tbody td.cost').allTextContents();
  const values = costs.map(dollars);
  expect(values).toEqual([...values].sort((a, b) => b - a));
  await expect(rows.first().locator('a')).toHaveAttribute('href', /^\/functions\/\d+$/);
  await expect(page.locator('dd.total-cost')).toContainText('$');
  await expect(page.locator('dd.trend')).toContainText('vs the previous 7 days');
  await expect(page.locator('table.advice tbody tr').first()).toContainText('x86_64');

  await page.getByRole('navigation', { name: 'Group by' }).getByRole('link', { name: 'Teams' }).click();
  await expect(page).toHaveURL(/group=team/);
  await page.getByRole('navigation', { name: 'Period' }).getByRole('link', { name: '30d' }).click();
  await expect(page).toHaveURL(/range=30d/);
  await expect(page.locator('table.costs tbody tr').filter({ hasText: 'payments' })).toHaveCount(1);
  const shared = page.url();

  const other = await browser.newPage();
  await other.goto(shared);
  await expect(other.locator('table.costs tbody tr').filter({ hasText: 'payments' })).toHaveCount(1);
  await expect(other.locator('a[aria-current="true"]', { hasText: 'Teams' })).toBeVisible();
  await other.close();
});

test('a function\'s metrics tab draws invocations, duration and cost with hover values', async ({ page }) => {
  await page.goto('/costs');
  await page.locator('table.costs tbody tr').first().locator('a').click();
  await page.getByRole('link', { name: 'Metrics and cost' }).click();
  await expect(page).toHaveURL(/\/metrics$/);
  await expect(page.locator('figure.chart')).toHaveCount(3);
  await expect(page.locator('figure.chart svg title').first()).toContainText('invocations');
  await expect(page.locator('dl.totals')).toContainText('Estimated cost');
  await page.getByRole('navigation', { name: 'Time range' }).getByRole('link', { name: '24h' }).click();
  await expect(page).toHaveURL(/range=24h/);
  const columns = await page.locator('figure.chart').first().locator('g.column').count();
  expect(columns).toBeGreaterThanOrEqual(24);
  expect(columns).toBeLessThanOrEqual(25);
});
