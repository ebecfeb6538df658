import type { KvStore } from './types.ts';

/** A KvStore kept in memory: the harness default and the host default when no storage-backed one is given. */
export function createMemoryKvStore(): KvStore & { dump(): Record<string, Record<string, unknown>> } {
  const data = new Map<string, Map<string, string>>();
  return {
    get(ns, key) {
      const raw = data.get(ns)?.get(key);
      return raw === undefined ? undefined : JSON.parse(raw);
    },
    set(ns, key, value) {
      let m = data.get(ns);
      if (!m) data.set(ns, (m = new Map()));
      m.set(key, JSON.stringify(value));
    },
    delete(ns, key) {
      data.get(ns)?.delete(key);
    },
    dump() {
      return Object.fromEntries([...data].map(([ns, m]) => [ns, Object.fromEntries([...m].map(([k, v]) => [k, JSON.parse(v)]))]));
    },
  };
}
