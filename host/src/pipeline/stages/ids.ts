/** Id rules shared by stages: ids are trimmed and lower-cased (Tracardi's NamedEntity); `@` ids are internal. */
import { randomFillSync } from 'node:crypto';
import { userError, type TesseraError } from '../../errors/index.ts';

/** Trimmed, lower-cased id. */
export function normaliseId(id: string): string {
  return id.trim().toLowerCase();
}

/** 403 for an id reserved for internal use (Tracardi answers 500 here). */
export function internalIdError(field: string, id: string): TesseraError {
  return userError('internal_id', `${field} "${id}" starts with @: such ids are internal and cannot be sent from outside`, 403, { field });
}

/** Event types are lower-cased and spaces become dashes, as Tracardi does. */
export function normaliseEventType(type: string): string {
  return type.trim().toLowerCase().replace(/\s+/g, '-');
}

const pool = Buffer.alloc(16 * 256);
let poolAt = pool.length;
let lastMs = 0;
let counter = 0;
/** Each byte value as the character codes of its two lower-case hex digits. */
const HEX_CODES = Buffer.from(Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0')).join(''), 'latin1');
/** Where each of the 16 bytes goes in the 36 characters of the text form. */
const AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const text = Buffer.alloc(36, '-');

/**
 * A new UUID version 7 (RFC 9562): a millisecond timestamp, a counter, then random bits. Ids the pipeline generates
 * grow with time, so new profiles, sessions and events land at the end of the storage indexes instead of on random
 * pages: far fewer pages to write per commit than with random (v4) ids. Written straight into a reused buffer, so
 * each id allocates only its string (a new visitor's request makes several).
 */
export function uuidv7(): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const r = poolAt;
  poolAt += 16;
  const ms = Date.now();
  // Within one millisecond a counter keeps ids ordered; a new millisecond starts it at a random point.
  counter = ms > lastMs ? pool[r + 6]! & 0x3ff : (counter + 1) & 0xfff;
  lastMs = Math.max(ms, lastMs);
  pool.writeUIntBE(lastMs, r, 6);
  pool[r + 6] = 0x70 | (counter >> 8);
  pool[r + 7] = counter & 0xff;
  pool[r + 8] = 0x80 | (pool[r + 8]! & 0x3f);
  for (let i = 0; i < 16; i++) {
    const b = pool[r + i]!;
    text[AT[i]!] = HEX_CODES[2 * b]!;
    text[AT[i]! + 1] = HEX_CODES[2 * b + 1]!;
  }
  return text.toString('latin1', 0, 36);
}
