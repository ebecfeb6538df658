import path from 'node:path';
import type { CliIo } from '../types.ts';

/** The plugin folder a command works on: the first positional argument, or the current folder. */
export function targetDir(args: string[], io: CliIo): string {
  const positional = args.find((a) => !a.startsWith('-'));
  return path.resolve(io.cwd, positional ?? '.');
}
