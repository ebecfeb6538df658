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

/**
 * A new UUID version 7 (RFC 9562): a millisecond timestamp, a counter, then random bits. Ids the pipeline generates
 * grow with time, so new profiles, sessions and events land at the end of the storage indexes instead of on random
 * pages: far fewer pages to write per commit than with random (v4) ids.
 */
export function uuidv7(): string {
  if (poolAt === pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const b = pool.subarray(poolAt, poolAt + 16);
  poolAt += 16;
  const ms = Date.now();
  // Within one millisecond a counter keeps ids ordered; a new millisecond starts it at a random point.
  counter = ms > lastMs ? b[6]! & 0x3ff : (counter + 1) & 0xfff;
  lastMs = Math.max(ms, lastMs);
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (counter >> 8);
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
