// Unit and integration tests sit beside the code (x.test.ts). Browser tests live in e2e/
// and run under Playwright, not here.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{backend,shared,renderer,electron,build}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
