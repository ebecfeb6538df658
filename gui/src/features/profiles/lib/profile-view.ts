import type { Consent, TrackedEvent } from '../../../api/index.ts';

/** One row of a key/value table (traits, PII): nested objects are flattened to dot paths. */
export interface KeyValueRow {
  key: string;
  value: string;
}

/** Flattens `{a: {b: 1}, c: [1,2]}` to rows `a.b = 1`, `c = [1,2]`, sorted by key. */
export function flatten(obj: Record<string, unknown>, prefix = ''): KeyValueRow[] {
  const rows: KeyValueRow[] = [];
  for (const [k, v] of Object.entries(obj ?? {})) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) rows.push(...flatten(v as Record<string, unknown>, key));
    else rows.push({ key, value: typeof v === 'string' ? v : JSON.stringify(v) });
  }
  return rows.sort((a, b) => a.key.localeCompare(b.key));
}

/** Masks a PII value so it can sit on screen until the administrator asks to reveal it. */
export function maskPii(value: string): string {
  if (value.length <= 2) return '••';
  return `${value[0]}${'•'.repeat(Math.min(10, value.length - 2))}${value[value.length - 1]}`;
}

/** A consent as a row: purpose, state, and whether it has lapsed at `now`. */
export interface ConsentRow {
  purpose: string;
  granted: boolean;
  at: string;
  expired: boolean;
  expiresAt: string | null;
}

/** Consent rows, expired ones recognised so the screen never shows a lapsed grant as active. */
export function consentRows(consents: Record<string, Consent>, now = Date.now()): ConsentRow[] {
  return Object.entries(consents ?? {})
    .map(([purpose, c]) => {
      const expiresAt = c.expiresAt ?? null;
      const expired = expiresAt !== null && Date.parse(expiresAt) < now;
      return { purpose, granted: c.granted && !expired, at: c.at, expired, expiresAt };
    })
    .sort((a, b) => a.purpose.localeCompare(b.purpose));
}

/** The distinct session ids seen in a profile's events, most recent first, plus the last known session. */
export function sessionIds(events: readonly TrackedEvent[], lastSessionId?: string | null): string[] {
  const seen = new Set<string>();
  if (lastSessionId) seen.add(lastSessionId);
  const sorted = [...events].sort((a, b) => b.time.localeCompare(a.time));
  for (const e of sorted) if (e.sessionId) seen.add(e.sessionId);
  return [...seen];
}
