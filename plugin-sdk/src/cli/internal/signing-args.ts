/** Options shared by `keygen`, `sign` and `publish`: where the publisher key lives and how to unlock it. */
import { homedir } from 'node:os';
import path from 'node:path';
import type { CliIo } from '../types.ts';

/** Default private key file: `$TESSERA_PUBLISHER_KEY`, else `~/.tessera/publisher.key` (never inside a plugin folder, where `npm pack` could ship it). */
export function defaultKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.TESSERA_PUBLISHER_KEY || path.join(homedir(), '.tessera', 'publisher.key');
}

/** The value after `--name`, or undefined. */
export function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

/** Positional arguments, skipping the values of the given options. */
export function positionals(args: string[], valued: readonly string[]): string[] {
  return args.filter((a, i) => !a.startsWith('-') && !valued.includes(args[i - 1] ?? ''));
}

/** The key file from `--key`, resolved against the working folder, or the default. */
export function keyFile(args: string[], io: CliIo): string {
  const given = option(args, '--key');
  return given ? path.resolve(io.cwd, given) : defaultKeyFile();
}

/** The passphrase from the environment variable named by `--passphrase-env` (never from the command line, where `ps` would show it). */
export function passphrase(args: string[]): string | undefined {
  const name = option(args, '--passphrase-env');
  return name ? process.env[name] : process.env.TESSERA_PUBLISHER_PASSPHRASE || undefined;
}
