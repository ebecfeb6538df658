import { defineConfig } from 'vitest/config';

// isolated-vm needs --no-node-snapshot and does not work in worker threads, so every suite runs in a forked
// process started with that flag. Black-box suites boot real servers, hence the generous timeouts.
export default defineConfig({
  test: {
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', 'gui/e2e/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
