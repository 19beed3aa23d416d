// Every spec runs twice: in project "js-on" (hydrated app) and "js-off" (server-rendered HTML
// only). Specs that need JavaScript to make sense are tagged @js-only and run only in js-on;
// specs about behaviour without JavaScript are tagged @js-off-only and run only in js-off.
import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = Number(process.env.E2E_PORT ?? 3917);
const binary = process.env.SWITCHBOARD_BIN ?? '../target/debug/switchboard';
const dataDir = mkdtempSync(join(tmpdir(), 'switchboard-e2e-'));

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 5_000 },
  fullyParallel: false,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Root needs --no-sandbox; the rest keep Chromium off the (closed) network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'off',
  },
  projects: [
    { name: 'js-on', use: { javaScriptEnabled: true }, grepInvert: /@js-off-only/ },
    { name: 'js-off', use: { javaScriptEnabled: false }, grepInvert: /@js-only/ },
  ],
  webServer: {
    command: `${binary} demo --bind 127.0.0.1:${port} --data-dir ${dataDir}`,
    url: `http://127.0.0.1:${port}/readyz`,
    // The logs specs push log lines through POST /api/v1/logs with this token.
    env: { SWITCHBOARD_ADMIN_TOKEN: process.env.E2E_ADMIN_TOKEN ?? 'e2e-admin-token' },
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
