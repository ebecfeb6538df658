import path from 'node:path';
import { buildPlugin, PluginPackageError } from '../../build/index.ts';
import { targetDir } from '../internal/args.ts';
import { CliError } from '../types.ts';
import type { CliCommand } from '../types.ts';

/** `tessera-plugin build [dir]`: validate the manifest, generate config types, bundle to one file. */
export const command: CliCommand = {
  summary: 'validate the manifest, write src/config.d.ts from the config schema, bundle to the manifest entry',
  usage: 'tessera-plugin build [dir]',
  async run(args, io) {
    const dir = targetDir(args, io);
    try {
      const out = await buildPlugin(dir);
      for (const w of out.warnings) io.err(`warning: ${w}`);
      io.out(`built ${out.name}@${out.version}: ${path.relative(dir, out.entryPath)} (${(out.code.length / 1024).toFixed(1)} KiB), types in ${path.relative(dir, out.configTypesFile)}`);
      return 0;
    } catch (err) {
      if (err instanceof PluginPackageError) throw new CliError(err.message);
      throw new CliError((err as Error).message);
    }
  },
};
