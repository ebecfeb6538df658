/** The marketplace's own index entry for one package, built from its packument (pure functions). */
import { isApiVersionSupported } from '@tessera/plugin-sdk/manifest';
import { readSignature, verifyPackageSignature, type PackageSignature } from '@tessera/plugin-sdk/signing';
import type { Packument } from '@tessera/marketplace/registry';
import { compareVersions } from '../catalog.ts';
import { isFirstPartyName } from '../installer.ts';
import type { TrustedKey } from '../trust.ts';

/** One published version as indexed. */
export interface IndexedVersion {
  version: string;
  publishedAt: string | null;
  integrity: string | null;
  apiVersion: string | null;
  title: string;
  description: string;
  category: string;
  icon: string;
  permissions: Record<string, unknown>;
  signature: PackageSignature | null;
}

/** A package with the `tessera-plugin` keyword, as stored in the `marketplace` collection (id = name). */
export interface MarketplaceEntry {
  id: string;
  name: string;
  latest: string;
  readme: string;
  keywords: string[];
  versions: IndexedVersion[];
  /** The packument revision / modification time this entry was built from; unchanged packuments are skipped. */
  rev: string;
  indexedAt: string;
}

/** How a version's signature looks to this installation right now (trust can change after indexing). */
export type SignatureView = 'trusted' | 'untrusted' | 'unsigned' | 'invalid' | 'not-first-party';

/** Builds an entry from a packument, or null when no version carries the `tessera-plugin` keyword. */
export function entryFromPackument(p: Packument): MarketplaceEntry | null {
  const versions: IndexedVersion[] = [];
  for (const [version, meta] of Object.entries(p.versions ?? {})) {
    const keywords = Array.isArray(meta.keywords) ? meta.keywords : [];
    if (!keywords.includes('tessera-plugin')) continue;
    const m = (typeof meta.tessera === 'object' && meta.tessera !== null ? meta.tessera : {}) as Record<string, unknown>;
    versions.push({
      version,
      publishedAt: p.time?.[version] ?? null,
      integrity: typeof meta.dist?.integrity === 'string' ? meta.dist.integrity : null,
      apiVersion: typeof m.apiVersion === 'string' ? m.apiVersion : null,
      title: str(m.title, p.name),
      description: str(m.description, str(meta.description, '')),
      category: str(m.category, 'General'),
      icon: str(m.icon, 'puzzle'),
      permissions: (typeof m.permissions === 'object' && m.permissions !== null ? m.permissions : {}) as Record<string, unknown>,
      signature: readSignature(meta),
    });
  }
  if (versions.length === 0) return null;
  versions.sort((a, b) => compareVersions(b.version, a.version));
  const tagged = p['dist-tags']?.latest;
  const latest = tagged && versions.some((v) => v.version === tagged) ? tagged : versions[0].version;
  const latestMeta = p.versions[latest];
  return {
    id: p.name, name: p.name, latest,
    readme: str(latestMeta?.readme, str(p.readme, '')),
    keywords: Array.isArray(latestMeta?.keywords) ? latestMeta.keywords.filter((k): k is string => typeof k === 'string') : [],
    versions,
    rev: p._rev ?? p.time?.modified ?? String(Object.keys(p.versions).length),
    indexedAt: new Date().toISOString(),
  };
}

/** Judges a version's signature against the current trust store. */
export function signatureView(name: string, v: IndexedVersion, keys: ReadonlyMap<string, TrustedKey>): { status: SignatureView; keyId: string | null; publisher: string | null } {
  const sig = v.signature;
  if (!sig) return { status: isFirstPartyName(name) ? 'not-first-party' : 'unsigned', keyId: null, publisher: null };
  const key = keys.get(sig.keyId);
  if (!key) return { status: isFirstPartyName(name) ? 'not-first-party' : 'untrusted', keyId: sig.keyId, publisher: null };
  if (!v.integrity || !verifyPackageSignature({ name, version: v.version, integrity: v.integrity }, sig, key.publicKeyPem)) {
    return { status: 'invalid', keyId: sig.keyId, publisher: key.publisher };
  }
  if (isFirstPartyName(name) && !key.firstParty) return { status: 'not-first-party', keyId: sig.keyId, publisher: key.publisher };
  return { status: 'trusted', keyId: sig.keyId, publisher: key.publisher };
}

/** True when this host can run the version's plugin API. */
export function isCompatible(v: IndexedVersion): boolean {
  return v.apiVersion !== null && isApiVersionSupported(v.apiVersion);
}

function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v !== '' ? v : fallback;
}
