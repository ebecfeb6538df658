// Vitest configuration `tessera-plugin test` runs a plugin's tests with (and a scaffold's vitest.config.js re-exports,
// as `@tessera/plugin-sdk/vitest-config`): forked processes with --no-node-snapshot
// (isolated-vm does not work in worker threads) and `@tessera/plugin-sdk` / `vitest` resolved from this SDK, so a
// plugin folder outside a workspace needs no node_modules of its own.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// src/ with `.ts` files in this repository; dist/ with `.js` files in the published package (Node does not strip
// types under node_modules).
const sdkCode = fileURLToPath(new URL('../../', import.meta.url));
const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const require = createRequire(import.meta.url);
const vitestEntry = path.join(path.dirname(require.resolve('vitest/package.json')), 'dist/index.js');

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tessera\/plugin-sdk$/, replacement: path.join(sdkCode, `index${ext}`) },
      { find: /^@tessera\/plugin-sdk\/testing$/, replacement: path.join(sdkCode, `testing/index${ext}`) },
      { find: /^@tessera\/plugin-sdk\/(.*)$/, replacement: path.join(sdkCode, `$1/index${ext}`) },
      { find: /^vitest$/, replacement: vitestEntry },
    ],
  },
  test: {
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
