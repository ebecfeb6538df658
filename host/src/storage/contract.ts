/**
 * The storage contract: every adapter of the port must pass this suite against its real engine.
 *
 * `makeStore` opens a store over the suite's data set; called again after `close()` it must reopen the SAME data
 * (the durability test relies on it). Tests scope their data by a random namespace, so the data set may be shared.
 * After `commit`/`put`/`delete` resolve, reads and searches must see the change (adapters with near-real-time
 * search refresh before resolving).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from './port.ts';
import { at, makeEvent, makeProfile, makeSession } from './internal/fixtures.ts';
import { describeQueryContract } from './internal/contract-query.ts';

/** The shared state of one contract run. */
export interface ContractContext {
  /** The store under test (replaced when a test reopens it). */
  store: Store;
  /** A fresh namespace for one test. */
  ns(): string;
}

/** Registers the storage contract suite for one adapter. */
export function describeStoreContract(name: string, makeStore: () => Promise<Store>, cleanup?: () => Promise<void> | void): void {
  describe(`storage contract: ${name}`, () => {
    const ctx: ContractContext = { store: undefined as unknown as Store, ns: () => `ns-${randomUUID()}` };
    beforeAll(async () => {
      ctx.store = await makeStore();
    });
    afterAll(async () => {
      await ctx.store?.close();
      await cleanup?.();
    });

    it('gets documents by id and by ids, in the order asked, skipping missing ones', async () => {
      const ns = ctx.ns();
      const [a, b, c] = ['a', 'b', 'c'].map((x) => makeEvent(ns, `${ns}-${x}`, { properties: { x } }));
      await ctx.store.events.putMany([a!, b!, c!]);
      expect(await ctx.store.events.get(b!.id)).toEqual(b);
      expect(await ctx.store.events.get(`${ns}-missing`)).toBeNull();
      const many = await ctx.store.events.getMany([c!.id, `${ns}-missing`, a!.id]);
      expect(many.map((e) => e.id)).toEqual([c!.id, a!.id]);
      expect(many[0]).toEqual(c);
    });

    it('put replaces a document, delete removes it and says whether it existed', async () => {
      const ns = ctx.ns();
      const s = makeSession(ns, `${ns}-s`);
      await ctx.store.sessions.put(s);
      await ctx.store.sessions.put({ ...s, status: 'ended', version: 2 });
      expect(await ctx.store.sessions.get(s.id)).toMatchObject({ status: 'ended', version: 2 });
      expect(await ctx.store.sessions.count([{ field: 'sourceId', op: 'eq', value: ns }])).toBe(1);
      expect(await ctx.store.sessions.delete(s.id)).toBe(true);
      expect(await ctx.store.sessions.delete(s.id)).toBe(false);
      expect(await ctx.store.sessions.get(s.id)).toBeNull();
    });

    it('putMany with one invalid document writes nothing and names the bad field', async () => {
      const ns = ctx.ns();
      const good = makeEvent(ns, `${ns}-good`);
      const bad = { ...makeEvent(ns, `${ns}-bad`), type: 42 } as unknown as typeof good;
      await expect(ctx.store.events.putMany([good, bad])).rejects.toMatchObject({ code: 'invalid_document', details: { field: 'events[1].type' } });
      expect(await ctx.store.events.get(good.id)).toBeNull();
    });

    describeQueryContract(ctx);

    it('finds a profile by its id, by any of its ids, and through a merge', async () => {
      const ns = ctx.ns();
      const survivor = makeProfile(ns, `${ns}-survivor`, { ids: [`${ns}-email`, `${ns}-gone`] });
      const gone = makeProfile(ns, `${ns}-gone`, { mergedInto: survivor.id });
      const orphan = makeProfile(ns, `${ns}-orphan`, { mergedInto: survivor.id });
      await ctx.store.commit({ profiles: [survivor, gone, orphan] });
      expect((await ctx.store.profiles.findByAnyId(survivor.id))?.id).toBe(survivor.id);
      expect((await ctx.store.profiles.findByAnyId(`${ns}-email`))?.id).toBe(survivor.id);
      expect((await ctx.store.profiles.findByAnyId(gone.id))?.id).toBe(survivor.id);
      // The survivor does not list the orphan's id: the merge link still leads there, never to the merged profile.
      expect((await ctx.store.profiles.findByAnyId(orphan.id))?.id).toBe(survivor.id);
      expect(await ctx.store.profiles.findByAnyId(`${ns}-nobody`)).toBeNull();
    });

    it('forgets a profile\'s old ids when they are removed from it, and deleted profiles', async () => {
      const ns = ctx.ns();
      const p = makeProfile(ns, `${ns}-p`, { ids: [`${ns}-old`] });
      await ctx.store.profiles.put(p);
      await ctx.store.profiles.put({ ...p, ids: [`${ns}-new`], version: 2 });
      expect(await ctx.store.profiles.findByAnyId(`${ns}-old`)).toBeNull();
      expect((await ctx.store.profiles.findByAnyId(`${ns}-new`))?.version).toBe(2);
      await ctx.store.commit({ deleteProfiles: [p.id] });
      expect(await ctx.store.profiles.findByAnyId(`${ns}-new`)).toBeNull();
      expect(await ctx.store.profiles.get(p.id)).toBeNull();
    });

    it('keeps configuration kinds apart', async () => {
      const ns = ctx.ns();
      const sources = ctx.store.config<{ id: string; ns: string; name: string }>('sources');
      const flows = ctx.store.config<{ id: string; ns: string; name: string }>('flows');
      await sources.put({ id: `${ns}-x`, ns, name: 'a source' });
      await flows.put({ id: `${ns}-x`, ns, name: 'a flow' });
      expect((await sources.get(`${ns}-x`))?.name).toBe('a source');
      expect((await flows.get(`${ns}-x`))?.name).toBe('a flow');
      expect(await sources.count([{ field: 'ns', op: 'eq', value: ns }])).toBe(1);
      expect((await flows.search({ filters: [{ field: 'ns', op: 'eq', value: ns }] })).items.map((d) => d.name)).toEqual(['a flow']);
      expect(await sources.delete(`${ns}-x`)).toBe(true);
      expect((await flows.get(`${ns}-x`))?.name).toBe('a flow');
      expect(() => ctx.store.config('nonsense' as never)).toThrow();
    });

    it('stores key-value state per namespace, with expiry', async () => {
      const ns = ctx.ns();
      const kv = ctx.store.kv;
      await kv.set(ns, 'counter', { n: 1 });
      await kv.set(`${ns}-other`, 'counter', 'other');
      expect(await kv.get(ns, 'counter')).toEqual({ n: 1 });
      expect(await kv.get(`${ns}-other`, 'counter')).toBe('other');
      expect(await kv.get(ns, 'absent')).toBeUndefined();
      await kv.set(ns, 'brief', true, 1);
      expect(await kv.get(ns, 'brief')).toBe(true);
      await new Promise((r) => setTimeout(r, 1300));
      expect(await kv.get(ns, 'brief')).toBeUndefined();
      expect(await kv.delete(ns, 'brief')).toBe(false);
      expect(await kv.delete(ns, 'counter')).toBe(true);
      expect(await kv.get(ns, 'counter')).toBeUndefined();
    });

    it('commits a batch atomically: one invalid document and nothing of the batch is written', async () => {
      const ns = ctx.ns();
      const p = makeProfile(ns, `${ns}-p`);
      const s = makeSession(ns, `${ns}-s`, { profileId: p.id });
      const bad = { ...makeEvent(ns, `${ns}-e`), time: undefined } as unknown as ReturnType<typeof makeEvent>;
      await expect(ctx.store.commit({ profiles: [p], sessions: [s], events: [bad] }))
        .rejects.toMatchObject({ code: 'invalid_document', details: { field: 'events[0].time' } });
      expect(await ctx.store.profiles.get(p.id)).toBeNull();
      expect(await ctx.store.sessions.get(s.id)).toBeNull();
      await ctx.store.commit({ profiles: [p], sessions: [s], events: [makeEvent(ns, `${ns}-e`)] });
      expect(await ctx.store.sessions.get(s.id)).toEqual(s);
    });

    it('writes a batch\'s jobs to the outbox in the same commit, and none when the batch fails', async () => {
      const ns = ctx.ns();
      const mine = async () => (await ctx.store.outbox.pending(10_000)).filter((j) => j.id.startsWith(ns));
      const p = makeProfile(ns, `${ns}-p`);
      const job = { id: `${ns}-j1`, name: 'merge' as const, payload: { profileId: p.id, keys: ['email:a@b.c'] }, options: { delayMs: 5, attempts: 2, backoffMs: 10 } };
      const bad = { ...makeEvent(ns, `${ns}-e`), time: undefined } as unknown as ReturnType<typeof makeEvent>;
      await expect(ctx.store.commit({ profiles: [p], events: [bad], jobs: [job] })).rejects.toMatchObject({ code: 'invalid_document' });
      await expect(ctx.store.commit({ profiles: [p], jobs: [{ ...job, name: 'nope' as 'merge' }] }))
        .rejects.toMatchObject({ code: 'invalid_document', details: { field: 'jobs[0].name' } });
      expect(await mine()).toEqual([]);
      expect(await ctx.store.profiles.get(p.id)).toBeNull();

      await ctx.store.commit({ profiles: [p], jobs: [job, { id: `${ns}-j2`, name: 'dispatch', payload: { n: 2 } }] });
      expect(await ctx.store.profiles.get(p.id)).toEqual(p);
      expect(await mine()).toEqual([job, { id: `${ns}-j2`, name: 'dispatch', payload: { n: 2 } }]);
      // The same id committed again stays one entry (the id is the job's idempotency key).
      await ctx.store.commit({ jobs: [job] });
      expect((await mine()).map((j) => j.id).sort()).toEqual([job.id, `${ns}-j2`]);
      expect(await ctx.store.outbox.remove([job.id, `${ns}-missing`])).toBe(1);
      expect(await mine()).toEqual([{ id: `${ns}-j2`, name: 'dispatch', payload: { n: 2 } }]);
      expect(await ctx.store.outbox.remove([`${ns}-j2`])).toBe(1);
      expect(await mine()).toEqual([]);
    });

    it('lands 100 concurrent commits, each readable once its promise resolves', async () => {
      const ns = ctx.ns();
      const ids = Array.from({ length: 100 }, (_, i) => `${ns}-${String(i).padStart(3, '0')}`);
      await Promise.all(ids.map(async (id, i) => {
        await ctx.store.commit({ events: [makeEvent(ns, id, { time: at(i) })], sessions: [makeSession(ns, `${id}-s`)] });
        expect(await ctx.store.events.get(id)).not.toBeNull();
      }));
      expect(await ctx.store.events.count([{ field: 'sourceId', op: 'eq', value: ns }])).toBe(100);
      expect(await ctx.store.sessions.count([{ field: 'sourceId', op: 'eq', value: ns }])).toBe(100);
    });

    it('keeps every committed write across close and reopen, including commits pending at close', async () => {
      const ns = ctx.ns();
      await ctx.store.commit({ profiles: [makeProfile(ns, `${ns}-p`)] });
      const pending = Array.from({ length: 20 }, (_, i) => ctx.store.commit({ events: [makeEvent(ns, `${ns}-${i}`)] }));
      await ctx.store.close();
      await Promise.all(pending);
      ctx.store = await makeStore();
      expect(await ctx.store.ready()).toBe(true);
      expect((await ctx.store.profiles.findByAnyId(`${ns}-p`))?.id).toBe(`${ns}-p`);
      expect(await ctx.store.events.count([{ field: 'sourceId', op: 'eq', value: ns }])).toBe(20);
    });
  });
}
