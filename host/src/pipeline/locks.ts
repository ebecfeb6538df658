/**
 * Keyed locks for the pipeline. The in-process implementation serves the embedded mode; scale mode plugs the Redis
 * locks of `coord` in behind the same interface.
 */

/** Acquires several keys at once (in the given order) and returns the function that releases them. */
export interface KeyLocks {
  acquireAll(keys: readonly string[]): Promise<() => Promise<void>>;
}

/** Locks that only exclude requests inside this process (a FIFO chain per key). */
export function createLocalLocks(): KeyLocks {
  const tails = new Map<string, Promise<void>>();

  async function acquire(key: string): Promise<() => void> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => { release = resolve; });
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    return () => {
      release();
      // The last holder removes the key so the map does not grow with every session ever seen.
      if (tails.get(key) === tail) tails.delete(key);
    };
  }

  return {
    async acquireAll(keys) {
      const releases: Array<() => void> = [];
      for (const k of keys) releases.push(await acquire(k));
      return async () => { for (const r of releases.reverse()) r(); };
    },
  };
}
