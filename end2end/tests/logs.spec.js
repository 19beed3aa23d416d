// A function's logs: grouped invocations, filter, expand, permalink, "Load more", live tail, and
// hostile log lines shown as text. Lines are pushed through POST /api/v1/logs.
import { test, expect } from '@playwright/test';
import { randomUUID } from 'node:crypto';

const TOKEN = process.env.E2E_ADMIN_TOKEN ?? 'e2e-admin-token';
const DEPLOYED = 'payments-service-prod-chargeOrder';
const HOSTILE = '<script>window.__xss = 1</script><b>bold</b><img src=x onerror="window.__xss = 2">';

async function chargeOrderId(request) {
  const services = await (await request.get('/api/v1/services?team=payments')).json();
  const prod = services.items.find((s) => s.name === 'payments-service' && s.stage === 'prod');
  const detail = await (await request.get(`/api/v1/services/${prod.id}`)).json();
  return detail.functions.map((f) => f.function ?? f).find((f) => f.deployed_name === DEPLOYED).id;
}

/** Pushes one cold, failing invocation logged at `at` (ms) with a hostile error line. */
async function pushInvocation(request, id, at) {
  const iso = (ms) => new Date(ms).toISOString();
  const lines = [
    [0, `START RequestId: ${id} Version: $LATEST`],
    [1, JSON.stringify({ level: 'INFO', requestId: id, message: '<i>json</i>', order: { id: 42 } })],
    [2, `${iso(at + 2)}\t${id}\tERROR\t${HOSTILE}`],
    [3, `END RequestId: ${id}`],
    [3, `REPORT RequestId: ${id}\tDuration: 2.50 ms\tBilled Duration: 250 ms\tMemory Size: 1024 MB\tMax Memory Used: 80 MB\tInit Duration: 246.80 ms\t`],
  ];
  const response = await request.post('/api/v1/logs', {
    headers: { authorization: `Bearer ${TOKEN}` },
    data: lines.map(([offset, message]) => ({ function: DEPLOYED, timestamp: at + offset, message })),
  });
  expect(response.status(), await response.text()).toBe(200);
}

test('logs: filter to one invocation, expand it, and see hostile lines as text', async ({ page, request }) => {
  const id = await chargeOrderId(request);
  const requestId = randomUUID();
  await pushInvocation(request, requestId, Date.now() - 60_000);

  await page.goto(`/functions/${id}`);
  await page.getByRole('navigation', { name: 'Function views' }).getByRole('link', { name: 'Logs' }).click();
  await expect(page).toHaveURL(new RegExp(`/functions/${id}/logs$`));
  await expect(page.locator('ol.invocations:not(.live) > li.invocation').first()).toBeVisible();

  await page.getByLabel('Filter pattern').fill(requestId);
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/filter=/);
  const invocation = page.locator('ol.invocations:not(.live) > li.invocation');
  await expect(invocation).toHaveCount(1);
  await expect(invocation).toHaveClass(/alarming/);
  await expect(invocation.locator('.badge.cold')).toHaveText('cold start');
  await expect(invocation.locator('.badge.error')).toBeVisible();
  await expect(invocation.locator('summary').first()).toContainText('80 / 1024 MB');

  const lines = invocation.locator('li.line');
  await expect(lines.first()).toBeHidden();
  await invocation.locator('summary').first().click();
  await expect(lines).toHaveCount(5);
  const hostile = lines.filter({ hasText: 'window.__xss' });
  await expect(hostile).toContainText(HOSTILE);
  await expect(hostile).toHaveClass(/alarming/);
  await expect(invocation.locator('b, img, li.line script')).toHaveCount(0);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();

  // The JSON line folds open to a pretty-printed copy.
  const json = invocation.locator('details.json');
  await json.locator('summary').click();
  await expect(json.locator('pre')).toContainText('"level": "INFO"');
  await expect(invocation.locator('i')).toHaveCount(0);

  // The permalink opens that invocation alone, expanded.
  await invocation.locator('a.permalink').click();
  await expect(page).toHaveURL(new RegExp(`request=${requestId}`));
  const alone = page.locator('ol.invocations:not(.live) > li.invocation');
  await expect(alone).toHaveCount(1);
  await expect(alone.locator('li.line').filter({ hasText: 'window.__xss' })).toBeVisible();
});

test('logs: without JavaScript, "Load more" opens the next older page @js-off-only', async ({ page, request }) => {
  const id = await chargeOrderId(request);
  await page.goto(`/functions/${id}/logs?range=7d`);
  const first = await page.locator('ol.invocations:not(.live) > li.invocation').first().getAttribute('data-request-id');
  await page.getByRole('link', { name: 'Load more' }).click();
  await expect(page).toHaveURL(/before=/);
  await expect(page.locator('ol.invocations:not(.live) > li.invocation').first()).toBeVisible();
  await expect(page.locator(`li.invocation[data-request-id="${first}"]`)).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Newest' })).toBeVisible();
});

/** Pushes `count` invocations without REPORT lines (so costs stay as they are), one a minute
 * back from now: enough lines for several pages of the logs tab. */
async function pushQuietInvocations(request, count) {
  const now = Date.now();
  const lines = [];
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    const at = now - (i + 1) * 60_000;
    lines.push({ function: DEPLOYED, timestamp: at, message: `START RequestId: ${id} Version: $LATEST` });
    lines.push({ function: DEPLOYED, timestamp: at + 1, message: `${new Date(at + 1).toISOString()}\t${id}\tINFO\tquiet ${i}` });
    lines.push({ function: DEPLOYED, timestamp: at + 2, message: `END RequestId: ${id}` });
  }
  const response = await request.post('/api/v1/logs', { headers: { authorization: `Bearer ${TOKEN}` }, data: lines });
  expect(response.status(), await response.text()).toBe(200);
}

test('logs: "Load more" appends older invocations below those shown @js-only', async ({ page, request }) => {
  const id = await chargeOrderId(request);
  await pushQuietInvocations(request, 200);
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`/functions/${id}/logs?range=7d`);
  // The live tail button appears once the page is hydrated, so the click below is handled by
  // the app rather than followed as a link. Hydrating a page of 200 lines with the debug
  // build's wasm, beside the other worker's browser, has taken over 5 s on 2 cores.
  await expect(page.getByRole('button', { name: 'Live tail' })).toBeVisible({ timeout: 20_000 });
  expect(errors, 'hydration raised no errors').toEqual([]);
  const shown = page.locator('ol.invocations:not(.live):not(.older) > li.invocation');
  const before = await shown.count();
  const first = await shown.first().getAttribute('data-request-id');
  const firstStarted = await shown.last().locator('time').first().getAttribute('datetime');

  await page.getByRole('link', { name: 'Load more' }).click();
  const older = page.locator('ol.invocations.older > li.invocation');
  await expect(older.first()).toBeVisible();
  await expect(page).not.toHaveURL(/before=/);
  await expect(shown).toHaveCount(before);
  await expect(shown.first()).toHaveAttribute('data-request-id', first);
  await expect(page.locator(`ol.invocations.older li.invocation[data-request-id="${first}"]`)).toHaveCount(0);
  const olderStarted = await older.first().locator('time').first().getAttribute('datetime');
  expect(Date.parse(olderStarted)).toBeLessThanOrEqual(Date.parse(firstStarted));

  // Reading on from the keyboard appends page after page until the start of the range, and
  // the link keeps the focus while there is more.
  const loadMore = page.getByRole('link', { name: 'Load more' });
  let pages = 0;
  for (; pages < 20 && (await loadMore.count()) > 0; pages++) {
    const appended = await older.count();
    await loadMore.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => older.count()).toBeGreaterThan(appended);
    if ((await loadMore.count()) > 0) await expect(loadMore).toBeFocused();
  }
  expect(pages, 'several pages appended').toBeGreaterThan(1);
  await expect(page.getByText('Start of the range: nothing older.')).toBeVisible();
  await expect(shown.first()).toHaveAttribute('data-request-id', first);
});

test('logs: a filter the log source cannot honour is explained in place', async ({ page, request }) => {
  const id = await chargeOrderId(request);
  await page.goto(`/functions/${id}/logs?filter=${encodeURIComponent('{ $.level = "ERROR" }')}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('chargeOrder');
  await expect(page.getByRole('alert')).toContainText('The logs could not be read.');
  await expect(page.getByRole('alert')).toContainText('need CloudWatch');
});

test('logs: live tail shows an invocation logged after the page loaded @js-only', async ({ page, request }) => {
  const id = await chargeOrderId(request);
  await page.goto(`/functions/${id}/logs`);
  await page.getByRole('button', { name: 'Live tail' }).click();
  await expect(page.getByRole('button', { name: 'Stop live tail' })).toBeVisible();
  const requestId = randomUUID();
  await page.waitForTimeout(200);
  await pushInvocation(request, requestId, Date.now());
  const live = page.locator(`ol.invocations.live li.invocation[data-request-id="${requestId}"]`);
  await expect(live).toBeVisible({ timeout: 15_000 });
  await live.locator('summary').first().click();
  await expect(live.locator('li.line').filter({ hasText: 'window.__xss' })).toContainText(HOSTILE);
  expect(await page.evaluate(() => window.__xss)).toBeUndefined();
});
