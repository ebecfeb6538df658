import type { MarketplacePlugin } from '../../../api/index.ts';
import { latestVersion } from '../../../lib/semver.ts';

/** Signature state of a package version as the GUI shows it. */
export type SignatureState = 'trusted' | 'untrusted' | 'unsigned' | 'invalid' | 'unknown';

/** Reads the signature state from the shapes the marketplace may use (`signature.status`, `signed`/`trusted`). */
export function signatureState(entry: Record<string, unknown> | undefined): SignatureState {
  if (!entry) return 'unknown';
  const sig = entry.signature as Record<string, unknown> | string | undefined;
  const status = typeof sig === 'string' ? sig : typeof sig?.status === 'string' ? sig.status : typeof entry.signatureStatus === 'string' ? entry.signatureStatus : undefined;
  if (status) {
    const s = status.toLowerCase();
    if (['trusted', 'valid', 'verified', 'ok'].includes(s)) return 'trusted';
    if (['untrusted', 'unknown-key', 'unknown_key'].includes(s)) return 'untrusted';
    if (['unsigned', 'missing', 'none'].includes(s)) return 'unsigned';
    if (['invalid', 'bad', 'tampered', 'not-first-party'].includes(s)) return 'invalid';
  }
  if (entry.signed === false) return 'unsigned';
  if (entry.trusted === true) return 'trusted';
  if (entry.trusted === false) return 'untrusted';
  return 'unknown';
}

/** Label and colour of a signature state. */
export const SIGNATURE_LABELS: Record<SignatureState, { label: string; type: 'success' | 'warning' | 'error' | 'default' }> = {
  trusted: { label: 'Signed · trusted', type: 'success' },
  untrusted: { label: 'Signed · untrusted key', type: 'warning' },
  unsigned: { label: 'Unsigned', type: 'warning' },
  invalid: { label: 'Bad signature', type: 'error' },
  unknown: { label: 'Signature unknown', type: 'default' },
};

/** A version of a marketplace entry, whatever shape `versions` uses (strings or objects). */
export interface VersionInfo {
  version: string;
  publishedAt?: string;
  signature: SignatureState;
  raw: Record<string, unknown>;
}

/** The versions of an entry, newest first. */
export function versionsOf(entry: MarketplacePlugin): VersionInfo[] {
  const raw = entry.versions as unknown;
  const list: VersionInfo[] = [];
  if (Array.isArray(raw)) {
    for (const v of raw) {
      if (typeof v === 'string') list.push({ version: v, signature: signatureState(entry), raw: {} });
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        list.push({ version: String(o.version), publishedAt: typeof o.publishedAt === 'string' ? o.publishedAt : typeof o.time === 'string' ? o.time : undefined, signature: signatureState(o), raw: o });
      }
    }
  } else if (raw && typeof raw === 'object') {
    for (const [version, o] of Object.entries(raw as Record<string, Record<string, unknown>>)) {
      list.push({ version, publishedAt: typeof o?.publishedAt === 'string' ? o.publishedAt : undefined, signature: signatureState(o), raw: o ?? {} });
    }
  }
  const latest = latestVersion(list.map((v) => v.version));
  return list.sort((a, b) => (a.version === latest ? -1 : b.version === latest ? 1 : b.version.localeCompare(a.version, undefined, { numeric: true })));
}

/** Permission lines a human can read from a manifest's `permissions` block. */
export function permissionLines(perms: Record<string, unknown> | undefined): string[] {
  if (!perms) return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(perms)) {
    if (value === false || value === undefined || value === null) continue;
    if (Array.isArray(value)) { if (value.length) out.push(`${key}: ${value.join(', ')}`); }
    else if (typeof value === 'object') {
      const inner = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== false && v !== undefined && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => (v === true ? k : `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`));
      if (inner.length) out.push(`${key}: ${inner.join('; ')}`);
    } else out.push(value === true ? key : `${key}: ${String(value)}`);
  }
  return out;
}
