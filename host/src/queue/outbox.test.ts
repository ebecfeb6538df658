import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryLocks } from '../coord/index.ts';
import { createSqliteStore } from '../storage/sqlite/index.ts';
import type { Store } from '../storage/port.ts';
import { makeProfile } from '../storage/internal/fixtures.ts';
import { createEmbeddedQueue } from './embedded/queue.ts';
import { OutboxRelay } from './outbox.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-outbox-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The store as a relay that dies right after enqueueing sees it: removing relayed entries never happens. */
function crashingBeforeRemove(store: Store): Store {
  const outbox = { pending: (limit: number) => store.outbox.pending(limit), remove: () => Promise.reject(new Error('killed before removing')) };
  return new Proxy(store, { get: (target, key) => (key === 'outbox' ? outbox : Reflect.get(target, key)) });
}

describe('outbox relay', () => {
  it('turns each committed job into exactly one queued job, even when a relay stops before removing its entries', async () => {
    const file = path.join(dir, 'relay.sqlite');
    const store = await createSqliteStore(file);
    const queue = await createEmbeddedQueue(file);
    const locks = new MemoryLocks();
    const jobs = Array.from({ length: 7 }, (_, i) => ({ id: `job-${i}`, name: 'dispatch' as const, payload: { n: i }, options: { attempts: 2, backoffMs: 5 } }));
    await store.commit({ profiles: [makeProfile('relay', 'p1')], jobs });

    const interrupted = new OutboxRelay(crashingBeforeRemove(store), queue, locks, { batchSize: 3 });
    await expect(interrupted.relayOnce()).rejects.toThrow('killed before removing');
    expect((await store.outbox.pending(100)).length).toBe(7);
    // Run again (another host, or this one after a restart): everything is relayed and the outbox empties.
    const relay = new OutboxRelay(store, queue, locks, { batchSize: 3 });
    expect(await relay.relayOnce()).toBe(7);
    expect(await store.outbox.pending(100)).toEqual([]);
    expect(await relay.relayOnce()).toBe(0);
    expect((await queue.stats()).dispatch.waiting).toBe(7);

    const seen: Array<{ id: string; payload: unknown; maxAttempts: number }> = [];
    queue.process('dispatch', (job) => { seen.push({ id: job.id, payload: job.payload, maxAttempts: job.maxAttempts }); }, { concurrency: 4 });
    while (seen.length < 7) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.map((j) => j.id).sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(seen.find((j) => j.id === 'job-4')).toEqual({ id: 'job-4', payload: { n: 4 }, maxAttempts: 2 });
    await queue.close();
    await store.close();
  });

  it('runs one relay at a time per store: two relays started together move each entry once', async () => {
    const file = path.join(dir, 'two.sqlite');
    const store = await createSqliteStore(file);
    const queue = await createEmbeddedQueue(file);
    const locks = new MemoryLocks();
    await store.commit({ jobs: Array.from({ length: 50 }, (_, i) => ({ id: `m-${i}`, name: 'merge' as const, payload: { i } })) });
    const a = new OutboxRelay(store, queue, locks, { batchSize: 10 });
    const b = new OutboxRelay(store, queue, locks, { batchSize: 10 });
    const moved = await Promise.all([a.relayOnce(), b.relayOnce()]);
    // Without the lock both would read the same entries and each report them.
    expect(moved[0]! + moved[1]!).toBe(50);
    expect((await queue.stats()).merge.waiting).toBe(50);
    await queue.close();
    await store.close();
  });

  it('relays after a kick and at start-up, and stops cleanly', async () => {
    const file = path.join(dir, 'kick.sqlite');
    const store = await createSqliteStore(file);
    const queue = await createEmbeddedQueue(file);
    await store.commit({ jobs: [{ id: 'left-by-a-crash', name: 'segment', payload: {} }] });
    const relay = new OutboxRelay(store, queue, new MemoryLocks(), { intervalMs: 60_000 });
    relay.start();
    await relay.idle();
    expect((await queue.stats()).segment.waiting).toBe(1);
    await store.commit({ jobs: [{ id: 'fresh', name: 'segment', payload: {}, options: { delayMs: 60_000 } }] });
    relay.kick();
    await relay.idle();
    expect(await store.outbox.pending(10)).toEqual([]);
    expect((await queue.stats()).segment.delayed).toBe(1);
    await relay.stop();
    await relay.stop();
    await queue.close();
    await store.close();
  });
});
