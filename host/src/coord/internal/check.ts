/** Argument checks shared by every coordination implementation. */
import { userError } from '../../errors/index.ts';

/** Throws `invalid_lock` unless key and ttl are usable. */
export function checkLock(key: string, ttlMs: number): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) {
    throw userError('invalid_lock', 'lock key must be a non-empty string of at most 512 characters', 400, { field: 'key' });
  }
  if (!Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > 3_600_000) {
    throw userError('invalid_lock', 'ttlMs must be an integer from 1 to 3600000', 400, { field: 'ttlMs' });
  }
}

/** Throws `invalid_channel` unless the channel name is usable. */
export function checkChannel(channel: string): void {
  if (typeof channel !== 'string' || !/^[A-Za-z0-9:._-]{1,200}$/.test(channel)) {
    throw userError('invalid_channel', 'channel must be 1-200 characters of letters, digits, : . _ -', 400, { field: 'channel' });
  }
}

/** The message as JSON text; throws `invalid_message` when it is not serialisable. */
export function serialiseMessage(message: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(message);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw userError('invalid_message', 'bus messages must be JSON-serialisable', 400, { field: 'message' });
  return json;
}
