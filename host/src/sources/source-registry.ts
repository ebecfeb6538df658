/**
 * Looks up event sources for the collector, with a short cache (Tracardi's SOURCE_CACHE_TTL): /track must not read the
 * source and decrypt its secret on every request. Changes made through this host's API invalidate the cache at once;
 * other hosts see them within the TTL.
 */
import type { Store } from '../storage/index.ts';
import type { Cipher } from '../auth/cipher.ts';
import type { StoredSource } from './source.schema.ts';

/** A source with its secret decrypted, ready for request checks. */
export interface ResolvedSource {
  source: StoredSource;
  secret: string | null;
}

/** Cached access to event sources. */
export interface SourceRegistry {
  /** The source with this id (already lower-cased), or null. */
  get(id: string): Promise<ResolvedSource | null>;
  /** True when some enabled source accepts browser requests from `origin` (answers CORS preflights). */
  anyAllowsOrigin(origin: string): Promise<boolean>;
  /** Drops cached entries after a change. */
  invalidate(id?: string): void;
}

/** Canonical form of an origin for comparison: lower case, no trailing slash. */
export function normaliseOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** True when `origin` is in the source's allow-list (or the list has `*`). */
export function originAllowed(source: Pick<StoredSource, 'allowedOrigins'>, origin: string): boolean {
  const o = normaliseOrigin(origin);
  return source.allowedOrigins.some((a) => a === '*' || normaliseOrigin(a) === o);
}

/** Creates the registry over the `sources` configuration collection. */
export function createSourceRegistry(store: Store, cipher: Cipher, ttlMs: number): SourceRegistry {
  const byId = new Map<string, { at: number; value: Promise<ResolvedSource | null> }>();
  let origins: { at: number; value: Promise<StoredSource[]> } | null = null;
  const collection = () => store.config<StoredSource>('sources');

  async function load(id: string): Promise<ResolvedSource | null> {
    const source = await collection().get(id);
    if (!source) return null;
    return { source, secret: source.secret ? cipher.decrypt(source.secret) : null };
  }

  async function loadAll(): Promise<StoredSource[]> {
    const all: StoredSource[] = [];
    let cursor: string | null = null;
    do {
      const page = await collection().search({ limit: 1000, cursor });
      all.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return all;
  }

  return {
    get(id) {
      const now = Date.now();
      const hit = byId.get(id);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = load(id);
      byId.set(id, { at: now, value });
      // A failed lookup must not be cached.
      value.catch(() => byId.delete(id));
      if (byId.size > 10_000) byId.delete(byId.keys().next().value as string);
      return value;
    },
    async anyAllowsOrigin(origin) {
      const now = Date.now();
      if (!origins || now - origins.at >= ttlMs) {
        const value = loadAll();
        origins = { at: now, value };
        value.catch(() => { origins = null; });
      }
      return (await origins.value).some((s) => s.enabled && originAllowed(s, origin));
    },
    invalidate(id) {
      if (id === undefined) byId.clear();
      else byId.delete(id);
      origins = null;
    },
  };
}
