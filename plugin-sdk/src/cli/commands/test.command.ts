import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlugin } from '../../build/index.ts';
import { targetDir } from '../internal/args.ts';
import { CliError } from '../types.ts';
import type { CliCommand } from '../types.ts';

// The published SDK runs from dist/ (JavaScript), this repository from src/ (TypeScript).
const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
const CONFIG = fileURLToPath(new URL(`../internal/vitest.plugin-config${EXT}`, import.meta.url));

/** `tessera-plugin test [dir]`: build, then run the plugin's tests (vitest) against the real sandbox. */
export const command: CliCommand = {
  summary: 'build, then run the plugin\'s tests (src/**/*.test.ts) with vitest in the real sandbox',
  usage: 'tessera-plugin test [dir] [-- <vitest options>]',
  async run(args, io) {
    const sep = args.indexOf('--');
    const own = sep >= 0 ? args.slice(0, sep) : args;
    const passThrough = sep >= 0 ? args.slice(sep + 1) : [];
    const dir = targetDir(own, io);
    try {
      const out = await buildPlugin(dir);
      io.out(`built ${out.name}@${out.version}`);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    let vitestBin: string;
    try {
      const require = createRequire(import.meta.url);
      vitestBin = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
    } catch {
      throw new CliError('vitest is not installed next to @tessera/plugin-sdk (npm install -D vitest)');
    }
    const res = spawnSync(process.execPath, ['--no-node-snapshot', vitestBin, 'run', '--root', dir, '--config', CONFIG, ...passThrough], {
      cwd: dir,
      stdio: 'inherit',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    return res.status ?? 1;
  },
};
