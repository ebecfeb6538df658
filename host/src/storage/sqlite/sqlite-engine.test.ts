/** SQLite-specific behaviour beyond the port contract: group commit, crash durability, data sets, index use. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStore, rollbackMigrations, runMigrations } from '../factory.ts';
import { at, makeEvent, makeProfile, makeSession } from '../internal/fixtures.ts';
import type { Filter, TrackedEvent } from '../index.ts';
import { createSqliteStore } from './store.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-sqlite-engine-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('sqlite engine', () => {
  it('commits concurrent batches in shared transactions', async () => {
    const store = await createSqliteStore(path.join(dir, 'group.sqlite'));
    await Promise.all(Array.from({ length: 200 }, (_, i) => store.commit({ events: [makeEvent('g', `e${i}`)] })));
    expect(store.commitStats.items).toBe(200);
    expect(store.commitStats.groups).toBeLessThan(20);
    expect(await store.events.count()).toBe(200);
    // More ids than one statement takes: chunked, still in the order asked.
    const asked = Array.from({ length: 1200 }, (_, i) => (i % 6 === 0 ? `e${199 - i / 6}` : `missing-${i}`));
    expect((await store.events.getMany(asked)).map((e) => e.id)).toEqual(Array.from({ length: 200 }, (_, i) => `e${199 - i}`));
    await store.events.putMany(Array.from({ length: 900 }, (_, i) => makeEvent('g', `more-${i}`)));
    const page = await store.events.search({ limit: 5000 });
    expect(page.items).toHaveLength(1000);
    expect((await store.events.search({ limit: 5000, cursor: page.next })).items).toHaveLength(100);
    await store.close();
  });

  it('stores documents marked created, and replaces a stored one when the mark is wrong', async () => {
    const store = await createSqliteStore(path.join(dir, 'created.sqlite'));
    const profile = makeProfile('n', 'p-new', { updatedAt: at(1), ids: ['p-new', 'alias-old'] });
    const session = makeSession('n', 's-new', { profileId: 'p-new', updatedAt: at(1) });
    await store.commit({ profiles: [profile], sessions: [session], created: ['p-new', 's-new'] });
    expect(await store.profiles.get('p-new')).toEqual(profile);
    expect(await store.profiles.findByAnyId('alias-old')).toEqual(profile);
    // A wrong mark (the profile is stored): the write still replaces it, indexed columns and ids included.
    const later = { ...profile, updatedAt: at(5), traits: { plan: 'pro' }, ids: ['p-new', 'alias-new'] };
    await store.commit({ profiles: [later], created: ['p-new'] });
    expect(await store.profiles.get('p-new')).toEqual(later);
    expect((await store.profiles.search({ filters: [{ field: 'updatedAt', op: 'gte', value: at(5) }] })).items.map((p) => p.id)).toEqual(['p-new']);
    expect(await store.profiles.findByAnyId('p-new')).toEqual(later);
    expect(await store.profiles.findByAnyId('alias-new')).toEqual(later);
    expect(await store.profiles.findByAnyId('alias-old')).toBeNull();
    await expect(store.commit({ profiles: [later], created: 'p-new' as never })).rejects.toMatchObject({ status: 422, message: expect.stringContaining('created') });
    await store.close();
  });

  it('checkpoints the WAL into the database file soon after acknowledging writes, outside their commits', async () => {
    const file = path.join(dir, 'checkpoint.sqlite');
    const store = await createSqliteStore(file);
    const before = fs.statSync(file).size;
    // Far fewer pages than SQLite's automatic checkpoint (1000 pages) would wait for.
    await store.events.putMany(Array.from({ length: 50 }, (_, i) => makeEvent('c', `c${i}`)));
    // Longer than the writer's checkpoint interval (CHECKPOINT_EVERY_MS in writer/worker.ts, 1 s), so the next group is due one.
    await new Promise((r) => setTimeout(r, 1100));
    await store.commit({ events: [makeEvent('c', 'last')] });
    // The checkpoint starts right after that group was answered (on the store's checkpoint thread).
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.statSync(file).size).toBeGreaterThan(before);
    expect(await store.events.count()).toBe(51);
    await store.close();
  });

  it('lets the WAL restart from its beginning under continuous writes, not grow with every commit', async () => {
    const file = path.join(dir, 'wal-restart.sqlite');
    const store = await createSqliteStore(file);
    // Forty writers commit back to back for longer than three checkpoint intervals, with staggered starts so that
    // their groups alternate (one commits while the next forms): the writer thread always has the next group waiting
    // and never pauses for the checkpoint thread to catch up on its own.
    const until = Date.now() + 3500;
    await Promise.all(Array.from({ length: 40 }, async (_, k) => {
      await new Promise((r) => setTimeout(r, k % 4));
      // Big enough batches that a checkpoint copying them takes longer than the next commit.
      for (let i = 0; Date.now() < until; i++) {
        await store.commit({ events: Array.from({ length: 20 }, (_, e) => makeEvent('r', `r${k}-${i}-${e}`, { properties: { text: 'x'.repeat(1000) } })) });
      }
    }));
    const { groups } = store.commitStats;
    // Every event carries 1000 bytes of properties, so the commits wrote at least this many 4 KB frames.
    const framesWritten = Math.floor(((await store.events.count([{ field: 'sourceId', op: 'eq', value: 'r' }])) * 1000) / 4096);
    // Opened (and reading, which attaches it to the WAL) before the store closes: the last connection to close would
    // checkpoint and remove the WAL.
    const db = new Database(file);
    db.prepare('SELECT count(*) FROM events').get();
    await store.close();
    // Frames now in the WAL, i.e. written since it last restarted. Without restarts it holds every frame written, over
    // five times `framesWritten` here (index, interior and overflow pages, pages rewritten by later groups); restarting
    // about once a second, it holds only the last stretch.
    const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
    db.close();
    expect(groups).toBeGreaterThan(20);
    expect(log).toBeLessThan(3 * framesWritten);
  });

  it('keeps every acknowledged commit when the process is killed with SIGKILL', async () => {
    const file = path.join(dir, 'kill.sqlite');
    const child = spawn(process.execPath, ['--no-node-snapshot', path.join(import.meta.dirname, 'testing/kill-writer.fixture.ts'), file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const acked: string[] = [];
    let buffer = '';
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error('writer exited early')));
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        acked.push(...lines.filter((l) => l !== 'ready'));
        if (acked.length >= 2000) resolve();
      });
    });
    child.kill('SIGKILL');
    await exited;
    const store = await createSqliteStore(file);
    const found = await store.events.getMany(acked);
    expect(found.length).toBe(acked.length);
    await store.close();
  });

  it('keeps PRODUCTION=yes and PRODUCTION=no data apart in one data folder', async () => {
    const dataDir = path.join(dir, 'datasets');
    const staging = await createStore({ storage: 'sqlite', dataDir, production: false });
    const production = await createStore({ storage: 'sqlite', dataDir, production: true });
    await staging.profiles.put(makeProfile('x', 'only-in-staging'));
    expect(await production.profiles.get('only-in-staging')).toBeNull();
    expect(await staging.profiles.get('only-in-staging')).not.toBeNull();
    await Promise.all([staging.close(), production.close()]);
  });

  it('runs migrations through the factory: dry run lists them, a real run applies them once', async () => {
    const config = { storage: 'sqlite' as const, dataDir: path.join(dir, 'migrate'), production: false };
    const dry = await runMigrations(config, { dryRun: true });
    expect(dry.executed.length).toBeGreaterThan(0);
    const bars: number[] = [];
    const real = await runMigrations(config, { onProgress: (p) => bars.push(p.overall) });
    expect(real.executed).toEqual(dry.executed);
    expect(bars.at(-1)).toBe(1);
    expect((await runMigrations(config)).executed).toEqual([]);
    const store = await createStore(config);
    expect(await store.ready()).toBe(true);
    await store.close();
    expect(await store.ready()).toBe(false);
    await expect(store.events.get('x')).rejects.toMatchObject({ code: 'store_closed' });
    await expect(store.commit({ events: [] })).rejects.toMatchObject({ code: 'store_closed' });
    const undo = await rollbackMigrations(config, real.executed[0]!);
    expect(undo.executed).toEqual(real.executed.slice(1).reverse());
    expect((await runMigrations(config, { dryRun: true })).executed).toEqual(real.executed.slice(1));
  });

  it('answers event queries of the management API from indexes, first page and deep pages alike', async () => {
    const store = await createSqliteStore(path.join(dir, 'plan.sqlite'));
    await store.events.putMany(Array.from({ length: 30 }, (_, i) => makeEvent('s', `e${i}`, { type: 'x', profileId: 'x', sessionId: 'x', time: `2026-01-${10 + (i % 5)}` })));
    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(store.file);
    const { compileSearch } = await import('./internal/query.ts');
    const { EVENTS_TABLE: spec } = await import('./internal/tables.ts');
    const planOf = (q: { sql: string; params: unknown[] }) =>
      (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join('; ');
    const lookup = (sql: string, params: readonly unknown[]) => raw.prepare(sql).pluck().all(...params);
    for (const field of [null, 'type', 'sourceId', 'profileId', 'sessionId']) {
      const query = { filters: field ? [{ field, op: 'eq' as const, value: field === 'sourceId' ? 's' : 'x' }] : [], sort: [{ field: 'time', order: 'desc' as const }], limit: 4 };
      const first = compileSearch(spec, query, lookup);
      const rows = raw.prepare(first.sql).all(...first.params) as Record<string, unknown>[];
      const deep = compileSearch(spec, { ...query, cursor: first.cursorAfter(rows[3]!) }, lookup);
      for (const [label, q] of [['first', first], ['deep', deep]] as const) {
        const plan = planOf(q);
        // SEARCH = index seek (SCAN only for the unfiltered first page, which starts at the index's end anyway);
        // no temp b-tree = the index already yields the order, so LIMIT stops early. A session is found through
        // its profile's index range (migration 202611291000-session-profiles).
        const expected = field === 'sessionId' ? /^SEARCH events USING INDEX events_profile_time \(profile_id=\?/
          : field || label === 'deep' ? /^SEARCH events USING INDEX events_\w+/ : /^SCAN events USING INDEX events_time/;
        expect(plan, `${field} ${label}`).toMatch(expected);
        expect(plan, `${field} ${label}`).not.toMatch(/TEMP B-TREE/);
      }
    }
    raw.close();
    await store.close();
  });
  it('lists the events of sessions exactly, through the profiles that own them', async () => {
    const store = await createSqliteStore(path.join(dir, 'session-listing.sqlite'));
    // Five sessions of two visitors; s1 also holds events recorded under an id later merged away (p-old), events
    // without a profile, and a session id that is also a profile id (ids are not typed).
    const owners: [string | null, string][] = [['p1', 's1'], ['p-old', 's1'], [null, 's1'], ['p1', 's2'], ['p2', 's3'], ['p2', 's4'], ['s1', 's5'], ['p1', 'p1']];
    const events = Array.from({ length: 160 }, (_, i) => {
      const [profileId, sessionId] = owners[i % owners.length]!;
      return makeEvent('l', `l-e${String(i).padStart(3, '0')}`, { type: i % 3 ? 'view' : 'buy', profileId, sessionId, time: at(i % 37) });
    });
    events.push(makeEvent('l', 'l-none', { profileId: 'p1', sessionId: null }));
    await store.events.putMany(events);
    // Replacing an event moves it to another session and profile.
    const moved = { ...events[0]!, sessionId: 's4', profileId: 'p3' };
    await store.events.put(moved);
    await store.events.delete('l-e008');
    // Later requests in one batch each: known pairs, a new profile in a known session (an identified visitor), and
    // a new session (the store sends each pair of a batch once).
    const later = [
      [makeEvent('l', 'l-late1', { profileId: 'p1', sessionId: 's1', time: at(50) }), makeEvent('l', 'l-late2', { profileId: 'p9', sessionId: 's1', time: at(51) })],
      [makeEvent('l', 'l-late3', { profileId: 'p9', sessionId: 's1', time: at(52) }), makeEvent('l', 'l-late4', { profileId: 'p9', sessionId: 's6', time: at(53) })],
      [makeEvent('l', 'l-late5', { profileId: 'p9', sessionId: 's6', time: at(54) }), makeEvent('l', 'l-late6', { profileId: 'p9', sessionId: 's6', time: at(55) })],
    ];
    for (const batch of later) await store.commit({ events: batch });
    // One batch naming an event twice: the later wins, and the listings follow it.
    const twice = makeEvent('l', 'l-twice', { profileId: 'p2', sessionId: 's3', time: at(60) });
    const again = { ...twice, sessionId: 's5', profileId: 's1', time: at(61) };
    const before = makeEvent('l', 'l-before', { profileId: 'p2', sessionId: 's3', time: at(59) });
    await store.commit({ events: [before, twice, again] });
    expect(await store.events.get('l-twice')).toEqual(again);
    const stored = [...events.slice(1).filter((e) => e.id !== 'l-e008'), moved, ...later.flat(), before, again];

    const byTime = (order: 'asc' | 'desc') => (a: { time: string; id: string }, b: { time: string; id: string }) =>
      (order === 'asc' ? 1 : -1) * (a.time === b.time ? (a.id < b.id ? -1 : 1) : (a.time < b.time ? -1 : 1));
    const listAll = async (filters: Filter[], order: 'asc' | 'desc') => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.events.search({ filters, sort: [{ field: 'time', order }], limit: 7, cursor });
        ids.push(...page.items.map((e) => e.id));
        cursor = page.next ?? undefined;
      } while (cursor);
      return ids;
    };
    const cases: [Filter[], (e: TrackedEvent) => boolean][] = [
      [[{ field: 'sessionId', op: 'eq', value: 's1' }], (e) => e.sessionId === 's1'],
      [[{ field: 'sessionId', op: 'eq', value: 's4' }], (e) => e.sessionId === 's4'],
      [[{ field: 'sessionId', op: 'eq', value: 's6' }], (e) => e.sessionId === 's6'],
      [[{ field: 'sessionId', op: 'eq', value: 'p1' }], (e) => e.sessionId === 'p1'],
      [[{ field: 'sessionId', op: 'in', value: ['s1', 's3', 'nobody'] }], (e) => e.sessionId === 's1' || e.sessionId === 's3'],
      [[{ field: 'sessionId', op: 'eq', value: 's1' }, { field: 'type', op: 'eq', value: 'buy' }], (e) => e.sessionId === 's1' && e.type === 'buy'],
      [[{ field: 'sessionId', op: 'eq', value: 's2' }, { field: 'profileId', op: 'eq', value: 'p2' }], () => false],
      [[{ field: 'sessionId', op: 'ne', value: 's1' }], (e) => e.sessionId !== 's1'],
      [[{ field: 'sessionId', op: 'eq', value: 'nobody' }], () => false],
    ];
    for (const [filters, keep] of cases) {
      const label = JSON.stringify(filters);
      for (const order of ['asc', 'desc'] as const) {
        expect(await listAll(filters, order), `${label} ${order}`).toEqual(stored.filter(keep).sort(byTime(order)).map((e) => e.id));
      }
      expect(await store.events.count(filters), label).toBe(stored.filter(keep).length);
    }
    // The cases above are not vacuous.
    expect(stored.filter((e) => e.sessionId === 's1').map((e) => e.profileId)).toEqual(expect.arrayContaining(['p1', 'p-old', null]));
    expect(await store.events.count([{ field: 'sessionId', op: 'eq', value: 's1' }])).toBeGreaterThan(50);
    await store.close();
  });

  it('keeps the indexed columns of profiles and sessions equal to their documents through every kind of update', async () => {
    const store = await createSqliteStore(path.join(dir, 'written-columns.sqlite'), { documentCache: true });
    const sessions = Array.from({ length: 30 }, (_, i) => makeSession('w', `w-s${i}`, { profileId: i % 4 ? `w-p${i % 5}` : null }));
    const profiles = Array.from({ length: 10 }, (_, i) => makeProfile('w', `w-p${i}`, { createdAt: at(i), updatedAt: at(i) }));
    await store.commit({ sessions, profiles });
    // Same stable column (only doc and updated_at change), a moved session, a changed creation time, a new row, twice in one group.
    await Promise.all([
      store.commit({ sessions: sessions.slice(0, 10).map((s) => ({ ...s, updatedAt: at(50), version: 2 })) }),
      store.commit({ sessions: [{ ...sessions[10]!, profileId: 'w-p9', updatedAt: at(51) }, { ...sessions[11]!, profileId: null, updatedAt: at(52) }] }),
      store.commit({ profiles: [{ ...profiles[0]!, updatedAt: at(60) }, { ...profiles[1]!, createdAt: at(-5), updatedAt: at(61) }, makeProfile('w', 'w-p-new', { createdAt: at(70), updatedAt: at(70) })] }),
      store.commit({ profiles: [{ ...profiles[2]!, updatedAt: at(62) }] }),
      store.commit({ profiles: [{ ...profiles[2]!, updatedAt: at(63) }] }),
    ]);
    await store.close();
    const db = new Database(path.join(dir, 'written-columns.sqlite'), { readonly: true });
    const drift = (sql: string) => db.prepare(sql).pluck().get();
    expect(drift("SELECT count(*) FROM sessions WHERE profile_id IS NOT json_extract(doc, '$.profileId') OR updated_at IS NOT json_extract(doc, '$.updatedAt')")).toBe(0);
    expect(drift("SELECT count(*) FROM profiles WHERE created_at IS NOT json_extract(doc, '$.createdAt') OR updated_at IS NOT json_extract(doc, '$.updatedAt')")).toBe(0);
    expect(drift("SELECT count(*) FROM sessions WHERE profile_id = 'w-p9'")).toBe(1);
    expect(drift("SELECT count(*) FROM sessions WHERE profile_id IS NULL")).toBe(9);
    expect(drift("SELECT updated_at FROM profiles WHERE id = 'w-p2'")).toBe(at(63));
    expect(drift("SELECT created_at FROM profiles WHERE id = 'w-p1'")).toBe(at(-5));
    expect(db.prepare("SELECT id FROM profiles ORDER BY created_at, id LIMIT 1").pluck().get()).toBe('w-p1');
    db.close();
  });
});
