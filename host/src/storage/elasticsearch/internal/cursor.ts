/**
 * Opaque paging cursors: base64url JSON of the sort signature and Elasticsearch's `search_after` values of the
 * last hit. The signature makes a cursor from one sort order unusable with another.
 */
import { userError } from '../../../errors/index.ts';

/** Encodes a cursor. */
export function encodeCursor(signature: string, values: unknown[]): string {
  return Buffer.from(JSON.stringify([signature, values]), 'utf8').toString('base64url');
}

/** Decodes a cursor made for `signature` with `size` values; throws `invalid_cursor` (400) otherwise. */
export function decodeCursor(cursor: string, signature: string, size: number): unknown[] {
  const bad = () => userError('invalid_cursor', 'cursor is malformed or belongs to a different query', 400, { field: 'cursor' });
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed[0] !== signature || !Array.isArray(parsed[1]) || parsed[1].length !== size) throw bad();
  const values = parsed[1] as unknown[];
  if (!values.every((v) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) throw bad();
  return values;
}
