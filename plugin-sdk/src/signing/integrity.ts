/** Subresource-integrity helpers for package tarballs (sha512, as npm writes `dist.integrity`). */
import { createHash, timingSafeEqual } from 'node:crypto';

/** The sha512 SRI string (`sha512-<base64>`) of some bytes. */
export function computeIntegrity(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** The legacy sha1 hex `dist.shasum` npm clients still send. */
export function computeShasum(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/**
 * True when `integrity` (an SRI string, possibly listing several hashes) contains a sha512 entry matching `bytes`.
 * Weaker algorithms in the string are ignored on purpose: a sha1-only integrity never verifies.
 */
export function integrityMatches(integrity: string, bytes: Uint8Array): boolean {
  const actual = Buffer.from(createHash('sha512').update(bytes).digest());
  for (const part of integrity.trim().split(/\s+/)) {
    const m = /^sha512-([A-Za-z0-9+/]+={0,2})(\?.*)?$/.exec(part);
    if (!m) continue;
    const expected = Buffer.from(m[1], 'base64');
    if (expected.length === actual.length && timingSafeEqual(expected, actual)) return true;
  }
  return false;
}

/** A filesystem- and URL-safe name for an integrity: `sha512-<hex>`. Throws on anything but a single sha512 SRI. */
export function integrityToKey(integrity: string): string {
  const m = /^sha512-([A-Za-z0-9+/]+={0,2})$/.exec(integrity.trim());
  if (!m) throw new Error(`not a sha512 integrity: ${integrity}`);
  const hex = Buffer.from(m[1], 'base64').toString('hex');
  if (hex.length !== 128) throw new Error(`not a sha512 integrity: ${integrity}`);
  return `sha512-${hex}`;
}
