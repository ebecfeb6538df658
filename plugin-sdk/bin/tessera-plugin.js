#!/usr/bin/env node
// Tiny shim: the sandbox (isolated-vm) needs --no-node-snapshot, which must be given on the command line of the
// process that loads it. Inside the Tessera repository the CLI runs from its TypeScript sources (Node strips the
// types); an installed package runs the JavaScript build in dist/, because Node refuses to strip types from files
// under node_modules.
import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = realpathSync(fileURLToPath(new URL('..', import.meta.url)));
const source = fileURLToPath(new URL('../src/cli/cli.ts', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli/cli.js', import.meta.url));
const installed = root.split(/[\\/]/).includes('node_modules');
const cli = !installed && existsSync(source) ? source : built;
if (!existsSync(cli)) {
  process.stderr.write(`tessera-plugin: ${built} is missing; build the SDK first (npm run build -w @tessera/plugin-sdk)\n`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--no-node-snapshot', '--disable-warning=ExperimentalWarning', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
