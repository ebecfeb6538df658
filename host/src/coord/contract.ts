/**
 * The coordination contract: every Locks/Bus implementation passes this suite against its real engine.
 * `open()` connects one more client to the same backend (as a second host would); the suite closes them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Bus, Locks } from './port.ts';

/** One host's view of the coordination backend. */
export interface CoordClient {
  locks: Locks;
  bus: Bus;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const until = async (check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await sleep(5);
  }
};

/** Registers the coordination contract suite for one implementation. */
export function describeCoordContract(name: string, open: () => Promise<CoordClient>): void {
  describe(`coordination contract: ${name}`, () => {
    const clients: CoordClient[] = [];
    const two = async (): Promise<[CoordClient, CoordClient]> => {
      const pair: [CoordClient, CoordClient] = [await open(), await open()];
      clients.push(...pair);
      return pair;
    };
    const key = () => `test:${Math.random().toString(36).slice(2)}`;
    afterAll(async () => {
      await Promise.all(clients.map((c) => c.close()));
    });

    it('lets one holder at a time run for a key, across clients: check-then-create creates once', async () => {
      const [a, b] = await two();
      const k = key();
      const profiles = new Map<string, string>();
      let inside = 0;
      let peak = 0;
      const resolve = (client: CoordClient, n: number) => client.locks.withLock(k, 5000, async () => {
        inside += 1;
        peak = Math.max(peak, inside);
        if (!profiles.has('session-1')) {
          await sleep(5);
          profiles.set('session-1', `profile-${n}`);
        }
        inside -= 1;
        return profiles.get('session-1');
      });
      const answers = await Promise.all(Array.from({ length: 10 }, (_, n) => resolve(n % 2 ? a : b, n)));
      expect(peak).toBe(1);
      expect(new Set(answers).size).toBe(1);
    });

    it('does not make different keys wait for each other', async () => {
      const [a, b] = await two();
      const started = Date.now();
      await Promise.all([a.locks.withLock(key(), 5000, () => sleep(150)), b.locks.withLock(key(), 5000, () => sleep(150))]);
      expect(Date.now() - started).toBeLessThan(280);
    });

    it('returns the result, passes errors on, and releases the lock either way', async () => {
      const [a, b] = await two();
      const k = key();
      expect(await a.locks.withLock(k, 5000, () => 42)).toBe(42);
      await expect(a.locks.withLock(k, 5000, () => { throw new Error('inside'); })).rejects.toThrow('inside');
      expect(await b.locks.withLock(k, 5000, async () => 'free again', { waitMs: 1000 })).toBe('free again');
    });

    it('frees a key whose holder outlives its ttl, and times out a waiter that cannot get it', async () => {
      const [a, b] = await two();
      const k = key();
      const holder = a.locks.withLock(k, 200, () => sleep(1500));
      await sleep(20);
      const started = Date.now();
      await b.locks.withLock(k, 1000, () => undefined, { waitMs: 1200 });
      expect(Date.now() - started).toBeLessThan(1000);
      await holder;
      const busy = a.locks.withLock(k, 5000, () => sleep(400));
      await sleep(20);
      await expect(b.locks.withLock(k, 1000, () => undefined, { waitMs: 100 })).rejects.toMatchObject({ code: 'lock_timeout', status: 503 });
      await busy;
    });

    it('delivers a published message to every subscriber of the channel, on every client, as a copy', async () => {
      const [a, b] = await two();
      const channel = key();
      const got: { who: string; message: { v: number[] } }[] = [];
      await a.bus.subscribe(channel, (m) => { const message = m as { v: number[] }; message.v.push(99); got.push({ who: 'a', message }); });
      await b.bus.subscribe(channel, (m) => { got.push({ who: 'b', message: m as { v: number[] } }); });
      await b.bus.subscribe(`${channel}-other`, () => { got.push({ who: 'other', message: { v: [] } }); });
      const sent = { v: [1] };
      await a.bus.publish(channel, sent);
      await until(() => got.length === 2);
      await sleep(50);
      expect(got.map((g) => g.who).sort()).toEqual(['a', 'b']);
      expect(got.find((g) => g.who === 'b')!.message).toEqual({ v: [1] });
      expect(sent).toEqual({ v: [1] });
    });

    it('stops delivering after unsubscribe, and survives a throwing handler', async () => {
      const [a, b] = await two();
      const channel = key();
      const got: unknown[] = [];
      await a.bus.subscribe(channel, () => { throw new Error('handler bug'); });
      const off = await b.bus.subscribe(channel, (m) => { got.push(m); });
      await a.bus.publish(channel, 'one');
      await until(() => got.length === 1);
      await off();
      await a.bus.publish(channel, 'two');
      await sleep(100);
      expect(got).toEqual(['one']);
      await expect(a.bus.publish(channel, { f: 1n })).rejects.toMatchObject({ code: 'invalid_message' });
    });
  });
}
