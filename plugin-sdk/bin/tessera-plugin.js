#!/usr/bin/env node
// Tiny shim: the CLI is TypeScript run by Node's type stripping, and the sandbox (isolated-vm) needs
// --no-node-snapshot, which must be given on the command line of the process that loads it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli/cli.ts', import.meta.url));
const result = spawnSync(process.execPath, ['--no-node-snapshot', '--disable-warning=ExperimentalWarning', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
