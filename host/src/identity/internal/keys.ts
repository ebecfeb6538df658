/**
 * Identification ids: a profile identified by `pii.email = Ann@Example.com` carries the id
 * `@idp:pii.email:<sha256 of "ann@example.com">` in its `ids`. Every store indexes `ids` (SQLite's profile_ids
 * table, an Elasticsearch keyword field), so finding the person by a value is one indexed lookup whatever field an
 * administrator configures — no per-field index or migration. The `@` prefix makes these ids internal: /track refuses
 * `@` profile ids from outside, so nobody can claim a profile by sending a hashed e-mail as its id.
 */
import { createHash } from 'node:crypto';
import { readPath } from '../../condition/index.ts';

/** Prefix of identification ids in `profile.ids`. */
export const IDENTIFICATION_ID_PREFIX = '@idp:';

/** The comparable form of an identifying value (trimmed, lower-cased), or null when it cannot identify anyone. */
export function normaliseValue(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const v = value.trim().toLowerCase();
  return v === '' ? null : v;
}

/** The identification id of `value` in profile field `field`, or null for a value that identifies nobody. */
export function identificationId(field: string, value: unknown): string | null {
  const v = normaliseValue(value);
  if (v === null) return null;
  return `${IDENTIFICATION_ID_PREFIX}${field}:${createHash('sha256').update(v).digest('hex').slice(0, 40)}`;
}

/** Reads a dot path (`pii.email`) from a document. */
export function readField(doc: unknown, field: string): unknown {
  return readPath(doc, field.split('.'));
}

/** The identification ids a profile's current values give for the merge-key fields. */
export function profileIdentificationIds(profile: { traits: unknown; pii: unknown }, fields: readonly string[]): string[] {
  const out: string[] = [];
  for (const field of fields) {
    const id = identificationId(field, readField(profile, field));
    if (id !== null && !out.includes(id)) out.push(id);
  }
  return out;
}
