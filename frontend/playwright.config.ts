import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests against a running backend that serves the built SPA.
 * The project's test script starts it and sets E2E_BASE_URL and E2E_SETUP_TOKEN;
 * the specs fail with a clear message when either is missing.
 * The browser is the system Chromium: Playwright never downloads one here.
 */
export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: 'list',
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: process.env.E2E_BASE_URL,
    headless: true,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
