// Browser end-to-end tests against Debian's Chromium (Playwright never downloads browsers
// here; handbook toolchain.md §3). No webServer block: each test starts its own real
// backend on a fresh data folder (e2e/support/backend.ts), so tests cannot see each other's data.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'e2e/specs',
  outputDir: 'test-results',
  workers: 1,
  reporter: 'line',
  timeout: 30_000,
  use: {
    browserName: 'chromium',
    screenshot: 'on',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
