import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildPlugin } from '../../build/index.ts';
import { targetDir } from '../internal/args.ts';
import { CliError } from '../types.ts';
import type { CliCommand } from '../types.ts';

/** `tessera-plugin pack [dir]`: build, then `npm pack` into the folder (prints the .tgz path). */
export const command: CliCommand = {
  summary: 'build, then pack the plugin into <name>-<version>.tgz (npm pack)',
  usage: 'tessera-plugin pack [dir] [--out <folder>]',
  async run(args, io) {
    const outIdx = args.indexOf('--out');
    const outDir = outIdx >= 0 ? path.resolve(io.cwd, args[outIdx + 1] ?? '.') : undefined;
    const rest = outIdx >= 0 ? args.filter((_, i) => i !== outIdx && i !== outIdx + 1) : args;
    const dir = targetDir(rest, io);
    try {
      await buildPlugin(dir);
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const res = spawnSync(npm, ['pack', '--json', '--pack-destination', outDir ?? dir], { cwd: dir, encoding: 'utf8' });
    if (res.status !== 0) throw new CliError(`npm pack failed: ${res.stderr || res.error?.message}`);
    const [info] = JSON.parse(res.stdout) as Array<{ filename: string; integrity: string; files: unknown[] }>;
    const file = path.join(outDir ?? dir, info.filename);
    io.out(`packed ${file} (${info.files.length} files, ${info.integrity})`);
    return 0;
  },
};
