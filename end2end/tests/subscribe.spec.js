// The Subscribe panel: configuration to attach a new function to an existing event.
import { test, expect } from '@playwright/test';

async function openRule(page) {
  await page.goto('/events?kind=eventbridge_rule');
  await page.locator('table.events a', { hasText: 'ProductUpdated' }).first().click();
  await expect(page.getByRole('heading', { name: 'Subscribe' })).toBeVisible();
}

test('the panel offers serverless.yml, SAM and AWS CLI forms for the named function', async ({ page }) => {
  await openRule(page);
  const snippets = page.locator('.snippet');
  await expect(snippets).toHaveCount(3);
  await expect(snippets.nth(0).locator('h3')).toHaveText('serverless.yml');
  await expect(snippets.nth(0).locator('pre')).toContainText('eventBridge:');
  await expect(snippets.nth(0).locator('pre')).toContainText('ProductUpdated');
  await expect(snippets.nth(1).locator('pre')).toContainText('Type: EventBridgeRule');
  await expect(snippets.nth(2).locator('pre')).toContainText('aws events put-rule');

  // Without JavaScript the name goes through the form; with it, typing already updated them.
  await page.getByRole('textbox', { name: 'Function name' }).fill('searchIndexer2');
  await page.getByRole('textbox', { name: 'Function name' }).press('Enter');
  await expect(snippets.nth(0).locator('pre')).toContainText('searchIndexer2:');
  await expect(snippets.nth(2).locator('pre')).toContainText('FUNCTION_NAME=searchIndexer2');
});

test('an invalid function name is refused with the rule it breaks', async ({ page }) => {
  await openRule(page);
  await page.goto(page.url() + '?function=' + encodeURIComponent('rm -rf /'));
  await expect(page.getByRole('alert')).toContainText('is not a function name');
  await expect(page.locator('.snippet').first().locator('pre')).toContainText('myFunction:');
});

test('the copy button puts the snippet on the clipboard @js-only', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  await openRule(page);
  await page.waitForLoadState('networkidle');
  const first = page.locator('.snippet').first();
  await first.getByRole('button', { name: 'Copy' }).click();
  await expect(first.getByRole('button', { name: 'Copied' })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await first.locator('pre').innerText());
  expect(copied).toContain('eventBridge:');
});
