/** The key that encrypts stored credentials: from TESSERA_SECRET, or generated once and kept in the data folder. */
import { randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { operationalError } from '../errors/index.ts';

/** Where a generated key lives inside the data folder. */
export const SECRET_KEY_FILE = 'secret.key';

/** Minimal logger surface, so this works before Fastify exists. */
interface KeyLogger { warn(obj: object, msg: string): void }

/**
 * Returns the 32-byte AES key. A configured secret is stretched with scrypt (fixed salt: the key must be the same on
 * every host of an installation). Without one, a random key is generated on first start, written with mode 0600, and
 * reused on every later start; losing that file makes stored secrets unreadable, hence the loud log line.
 */
export function resolveSecretKey(secret: string | undefined, dataDir: string, log: KeyLogger): Buffer {
  if (secret) return scryptSync(secret, 'tessera/secret-key/v1', 32);
  const file = path.join(dataDir, SECRET_KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    const hex = fs.readFileSync(file, 'utf8').trim();
    if (!/^[0-9a-f]{64}$/.test(hex)) throw operationalError('secret_key_corrupt', `${file} does not hold a 64-hex-digit key`);
    return Buffer.from(hex, 'hex');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile; then we read theirs so both agree.
  try {
    fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return resolveSecretKey(undefined, dataDir, log);
    throw err;
  }
  log.warn({ file }, 'TESSERA_SECRET is not set: generated an encryption key for stored secrets in the data folder (mode 0600). Back it up, or set TESSERA_SECRET.');
  return key;
}
