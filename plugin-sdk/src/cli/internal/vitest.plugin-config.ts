// Vitest configuration `tessera-plugin test` runs a plugin's tests with: forked processes with --no-node-snapshot
// (isolated-vm does not work in worker threads) and `@tessera/plugin-sdk` / `vitest` resolved from this SDK, so a
// plugin folder outside a workspace needs no node_modules of its own.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const sdkRoot = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
const vitestEntry = path.join(path.dirname(require.resolve('vitest/package.json')), 'dist/index.js');

export default defineConfig({
  resolve: {
    alias: [
      { find: /^@tessera\/plugin-sdk$/, replacement: path.join(sdkRoot, 'src/index.ts') },
      { find: /^@tessera\/plugin-sdk\/testing$/, replacement: path.join(sdkRoot, 'src/testing/index.ts') },
      { find: /^@tessera\/plugin-sdk\/(.*)$/, replacement: path.join(sdkRoot, 'src/$1/index.ts') },
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
