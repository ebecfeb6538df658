/**
 * Registry users of the embedded Verdaccio, managed by editing its htpasswd file (bcrypt hashes).
 * Self-registration is off, so this is the only way users come to exist. Writes are atomic (temp file + rename);
 * Verdaccio notices the new modification time at the next authentication.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import bcrypt from 'bcryptjs';

/** Registry user names follow npm's rules for user names: lower case letters, digits, `-`, `_`, `.`. */
export const REGISTRY_USER_NAME = /^[a-z0-9][a-z0-9._-]{1,63}$/;

/** Creates an empty htpasswd file (mode 0600) when none exists. */
export function ensureHtpasswd(file: string): void {
  if (!existsSync(file)) writeFileSync(file, '', { mode: 0o600 });
}

/** Marks the line of a removed user (see {@link removeHtpasswdUser}). */
const REMOVED = ':removed by tessera';

/** Names of the (not removed) users in an htpasswd file. */
export function listHtpasswdUsers(file: string): string[] {
  return parse(file).filter(([, rest]) => !rest.includes(REMOVED)).map(([name]) => name);
}

/** Adds a user, or replaces its password when it exists. */
export function setHtpasswdUser(file: string, name: string, password: string): void {
  if (!REGISTRY_USER_NAME.test(name)) throw new Error(`invalid registry user name: ${name}`);
  const hash = bcrypt.hashSync(password, 10);
  const lines = parse(file).filter(([n]) => n !== name).map(([n, rest]) => `${n}:${rest}`);
  lines.push(`${name}:${hash}:created by tessera ${new Date().toISOString()}`);
  write(file, lines);
}

/**
 * Removes a user; false when it did not exist. Verdaccio's htpasswd plugin merges a re-read file into the users it
 * already knows, so a deleted line would keep working until a restart: instead the user's hash is replaced by one of
 * a random password nobody knows, and the line is marked removed.
 */
export function removeHtpasswdUser(file: string, name: string): boolean {
  const entries = parse(file);
  if (!entries.some(([n, rest]) => n === name && !rest.includes(REMOVED))) return false;
  const dead = bcrypt.hashSync(generateRegistryPassword(), 10);
  write(file, entries.map(([n, rest]) => (n === name ? `${n}:${dead}${REMOVED} ${new Date().toISOString()}` : `${n}:${rest}`)));
  return true;
}

/** A random password strong enough to stand in for a token (32 bytes, base64url). */
export function generateRegistryPassword(): string {
  return randomBytes(32).toString('base64url');
}

function parse(file: string): Array<[string, string]> {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => {
    const i = l.indexOf(':');
    return [l.slice(0, i), l.slice(i + 1)] as [string, string];
  });
}

function write(file: string, lines: string[]): void {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, lines.length ? lines.join('\n') + '\n' : '', { mode: 0o600 });
  renameSync(tmp, file);
}
