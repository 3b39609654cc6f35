// The Playwright fixture: a fresh real backend (start-backend.ts) for each test.
import { test as base } from '@playwright/test';
import { startBackend, type RunningBackend } from './start-backend';

export { repoRoot, startBackend, type BackendOptions, type RunningBackend } from './start-backend';

/** `test` with a `backend` fixture: a fresh forum for each test. */
export const test = base.extend<{ backend: RunningBackend }>({
  // Playwright reads the fixture list from the destructuring pattern; this one needs none.
  // eslint-disable-next-line no-empty-pattern
  backend: async ({}, use) => {
    const backend = await startBackend();
    try {
      await use(backend);
    } finally {
      await backend.stop();
    }
  },
});

export { expect } from '@playwright/test';
