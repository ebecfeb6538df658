import { describe, expect, it } from 'vitest';
import { ttlCache } from './index.ts';

/** A load whose calls are counted and settled by the test. */
function controlledLoad<T>() {
  const calls: Array<{ resolve: (v: T) => void; reject: (e: Error) => void }> = [];
  const load = () => new Promise<T>((resolve, reject) => { calls.push({ resolve, reject }); });
  return { load, calls };
}

describe('ttlCache', () => {
  it('loads once for concurrent callers and answers from the cache until the TTL passes', async () => {
    let clock = 1000;
    const { load, calls } = controlledLoad<string[]>();
    const cache = ttlCache(load, 2000, () => clock);
    expect(cache.peek()).toBeUndefined();
    const a = cache.get();
    const b = cache.get();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(['rule-1']);
    expect(await a).toEqual(['rule-1']);
    expect(await b).toEqual(['rule-1']);
    expect(cache.peek()).toEqual(['rule-1']);

    clock += 1999;
    expect(await cache.get()).toEqual(['rule-1']);
    expect(calls).toHaveLength(1);

    clock += 1;
    expect(cache.peek()).toBeUndefined();
    const c = cache.get();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve([]);
    expect(await c).toEqual([]);
    expect(cache.peek()).toEqual([]);
  });

  it('keeps nothing from a failed load, so the next call loads again', async () => {
    const { load, calls } = controlledLoad<number>();
    const cache = ttlCache(load, 2000);
    const a = cache.get();
    calls[0]!.reject(new Error('store unavailable'));
    await expect(a).rejects.toThrow('store unavailable');
    expect(cache.peek()).toBeUndefined();
    const b = cache.get();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(7);
    expect(await b).toBe(7);
  });

  it('does not cache what a load started before invalidate() returns', async () => {
    const { load, calls } = controlledLoad<string>();
    const cache = ttlCache(load, 60_000);
    const before = cache.get();
    cache.invalidate();
    const after = cache.get();
    expect(calls).toHaveLength(2);
    calls[0]!.resolve('old');
    expect(await before).toBe('old');
    expect(cache.peek()).toBeUndefined();
    calls[1]!.resolve('new');
    expect(await after).toBe('new');
    expect(cache.peek()).toBe('new');
    cache.invalidate();
    expect(cache.peek()).toBeUndefined();
  });
});
