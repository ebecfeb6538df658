/**
 * Tessera's own index of the registry's plugin packages (Verdaccio's search ranks oddly and returns nothing when an
 * uplink fails). Package names come from three places: the embedded registry's storage folder, the registry's search
 * endpoint (best effort, for external registries), and names already indexed or installed. Each packument is fetched
 * and indexed when its revision changed. Reads re-sync when the index is older than `maxAgeMs`.
 */
import type { RegistryClient } from '@tessera/marketplace/registry';
import type { Store } from '../../storage/index.ts';
import { entryFromPackument, type MarketplaceEntry } from './index-entry.ts';

/** Options of {@link createMarketplaceIndex}. */
export interface MarketplaceIndexOptions {
  store: Store;
  registry: RegistryClient;
  /** Lists package names held by the embedded registry (absent for an external registry). */
  listLocalNames?: () => string[];
  /** Extra names worth checking (e.g. installed plugins). */
  knownNames?: () => Promise<string[]>;
  /** How old the index may be before a read syncs it first (default 3 s). */
  maxAgeMs?: number;
  /**
   * A cheap summary of the registry's state (the embedded registry: its packuments' modification times). When it
   * changes, the next read syncs at once, so a plugin published a moment ago is already listed.
   */
  fingerprint?: () => string;
}

/** The index. */
export interface MarketplaceIndex {
  /** Re-reads the registry; resolves to the number of entries. Concurrent calls share one run. */
  sync(): Promise<number>;
  /** Syncs when stale, then returns every entry sorted by name. */
  entries(): Promise<MarketplaceEntry[]>;
  /** Syncs when stale (or when the name is unknown: it may have just been published), then returns one entry, or null. */
  entry(name: string): Promise<MarketplaceEntry | null>;
}

/** Creates the index over the store's `marketplace` collection. */
export function createMarketplaceIndex(options: MarketplaceIndexOptions): MarketplaceIndex {
  const collection = options.store.config<MarketplaceEntry>('marketplace');
  const maxAgeMs = options.maxAgeMs ?? 3000;
  let lastSync = 0;
  let lastFingerprint: string | null = null;
  let running: Promise<number> | null = null;

  async function all(): Promise<MarketplaceEntry[]> {
    const out: MarketplaceEntry[] = [];
    let cursor: string | null = null;
    do {
      const page = await collection.search({ limit: 1000, cursor });
      out.push(...page.items);
      cursor = page.next;
    } while (cursor);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async function run(): Promise<number> {
    const fingerprint = options.fingerprint?.() ?? null;
    const existing = new Map((await all()).map((e) => [e.name, e]));
    const names = new Set<string>([
      ...existing.keys(),
      ...(options.listLocalNames?.() ?? []),
      ...(await options.registry.search('tessera-plugin')),
      ...((await options.knownNames?.()) ?? []),
    ]);
    const queue = [...names];
    const worker = async () => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        const packument = await options.registry.packument(name);
        const previous = existing.get(name);
        if (!packument) {
          if (previous) await collection.delete(name);
          continue;
        }
        const rev = packument._rev ?? packument.time?.modified;
        if (previous && rev && previous.rev === rev) continue;
        const entry = entryFromPackument(packument);
        if (entry) await collection.put(entry);
        else if (previous) await collection.delete(name);
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
    lastSync = Date.now();
    lastFingerprint = fingerprint;
    return collection.count();
  }

  const index: MarketplaceIndex = {
    sync() {
      running ??= run().finally(() => { running = null; });
      return running;
    },
    async entries() {
      await fresh();
      return all();
    },
    async entry(name) {
      await fresh();
      const found = await collection.get(name);
      if (found || options.fingerprint) return found;
      await index.sync().catch(() => undefined);
      return collection.get(name);
    },
  };

  async function fresh(): Promise<void> {
    const changed = options.fingerprint !== undefined && options.fingerprint() !== lastFingerprint;
    if (!changed && Date.now() - lastSync < maxAgeMs) return;
    try {
      await index.sync();
    } catch {
      // An unreachable registry must not hide what we already know: serve the stored index.
    }
  }
  return index;
}
