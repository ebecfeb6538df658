/** A fingerprint of a profile's data (not its bookkeeping), to tell whether a request really changed the profile. */
import { createHash } from 'node:crypto';
import type { Profile } from '../../storage/index.ts';

function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stable((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Hash of ids, traits, PII, consents and segments; visit counters and times are left out on purpose. */
export function profileFingerprint(p: Profile): string {
  return createHash('sha256').update(stable({ ids: p.ids, traits: p.traits, pii: p.pii, consents: p.consents, segments: p.segments })).digest('base64url');
}
