#!/usr/bin/env node
// The `tessera` executable. isolated-vm needs --no-node-snapshot, which cannot be set after start, so without it
// this re-runs itself under the same Node with the flag; the TypeScript sources run directly (type stripping).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

if (process.execArgv.includes('--no-node-snapshot')) {
  const { main } = await import(cli);
  process.exit(await main(process.argv.slice(2)));
} else {
  const child = spawn(process.execPath, ['--no-node-snapshot', cli, ...process.argv.slice(2)], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
