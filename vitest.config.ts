import { defineConfig } from 'vitest/config';

// One run covers every package. Files run one at a time: the integration and end-to-end suites
// start real ffmpeg, mediasoup and Chromium processes, and machines here have 2 cores.
// The end-to-end suite runs twice: on SQLite (the default engine) with everything else, then on
// PostgreSQL (`e2e-postgres`: every test server in a PostgreSQL database of its own). Projects
// would run side by side; groupOrder runs the second after the first.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/dist/**'],
    fileParallelism: false,
    globalSetup: ['tests/global-setup.ts'],
    // Fetches the client's lazily loaded i18n namespaces and ui parts before jsdom component tests render.
    setupFiles: ['client/src/i18n/test-setup.ts', 'client/src/ui/test-preload.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: { name: 'main', sequence: { groupOrder: 0 }, include: ['{shared,scenes,server,media-worker,client}/src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e-postgres', sequence: { groupOrder: 1 }, include: ['tests/e2e/**/*.test.ts', 'tests/**/*.e2e.test.ts'], env: { YUNZHAN_TEST_DATABASE: 'postgres' } },
      },
    ],
  },
});
