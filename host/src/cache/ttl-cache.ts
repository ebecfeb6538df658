/**
 * A value loaded asynchronously and kept for a while: the enabled rules, identification points, segments and
 * destinations that every /track request consults. Concurrent callers share one load, and a load that was under way
 * when the value was invalidated does not put its (possibly stale) result in the cache.
 *
 * `peek()` answers synchronously from a fresh cached value. The pipeline stages use it to skip their work, without a
 * promise or a turn of the event loop, when nothing of theirs is configured (the usual case for most stages), and take
 * the asynchronous path otherwise.
 */

/** See the module comment. */
export interface TtlCache<T> {
  /** The value: the cached one while fresh, else a new load (shared by concurrent callers). */
  get(): Promise<T>;
  /** The cached value while it is fresh; undefined when it was never loaded, has expired, or was invalidated. */
  peek(): T | undefined;
  /** Forgets the value: the next `get` loads it again, and a load under way now is not kept. */
  invalidate(): void;
}

/** A {@link TtlCache} of what `load` returns, fresh for `ttlMs` after the load started. */
export function ttlCache<T>(load: () => Promise<T>, ttlMs: number, now: () => number = Date.now): TtlCache<T> {
  let cached: { at: number; value: T } | null = null;
  let loading: Promise<T> | null = null;
  // Bumped by invalidate(): a load started before keeps its callers' answer but is not cached.
  let generation = 0;
  const fresh = (): boolean => cached !== null && now() - cached.at < ttlMs;
  return {
    get(): Promise<T> {
      if (fresh()) return Promise.resolve(cached!.value);
      if (!loading) {
        const started = now();
        const mine = generation;
        const current: Promise<T> = load().then((value) => {
          if (generation === mine) cached = { at: started, value };
          return value;
        }).finally(() => {
          if (loading === current) loading = null;
        });
        loading = current;
      }
      return loading;
    },
    peek(): T | undefined {
      return fresh() ? cached!.value : undefined;
    },
    invalidate(): void {
      generation += 1;
      cached = null;
      loading = null;
    },
  };
}
