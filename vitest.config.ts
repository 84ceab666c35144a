import { defineConfig } from 'vitest/config';

// One run covers every package. Files run one at a time: the integration and end-to-end suites
// start real ffmpeg, mediasoup and Chromium processes, and machines here have 2 cores.
export default defineConfig({
  test: {
    include: ['{shared,scenes,server,media-worker,client}/src/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    fileParallelism: false,
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
