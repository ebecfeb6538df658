/**
 * The document cache of a sole-writer store (internal/doc-cache.ts): reads by id always answer what is committed,
 * whatever the order of writes, failures, deletes and evictions. Real store, real writer thread, real file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProfile, makeSession } from '../internal/fixtures.ts';
import { createSqliteStore, type SqliteStore } from './store.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-doc-cache-'));
const stores: SqliteStore[] = [];
afterAll(async () => {
  for (const s of stores) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(name: string, documentCache: boolean | { maxEntries: number } = true): Promise<SqliteStore> {
  const store = await createSqliteStore(path.join(dir, `${name}.sqlite`), { documentCache });
  stores.push(store);
  return store;
}

describe('SQLite document cache', () => {
  it('answers the latest committed version after every put, and nothing after a delete', async () => {
    const store = await open('versions');
    const s = makeSession('v', 'v-s');
    await store.sessions.put(s);
    expect(await store.sessions.get(s.id)).toEqual(s);
    for (let version = 2; version <= 5; version++) {
      await store.commit({ sessions: [{ ...s, version, status: version % 2 ? 'ended' : 'active' }] });
      expect(await store.sessions.get(s.id)).toMatchObject({ version });
    }
    expect(await store.sessions.delete(s.id)).toBe(true);
    expect(await store.sessions.get(s.id)).toBeNull();
    await store.profiles.put(makeProfile('v', 'v-p'));
    await store.commit({ deleteProfiles: ['v-p'] });
    expect(await store.profiles.get('v-p')).toBeNull();
    expect(await store.profiles.findByAnyId('v-p')).toBeNull();
  });

  it('never serves a version older than the last acknowledged write, with writes in flight', async () => {
    const store = await open('in-flight');
    const s = makeSession('f', 'f-s');
    await store.sessions.put(s);
    await store.sessions.get(s.id);
    // Writes submitted in one tick share a group; reads in between must not freeze the answer SQLite gives meanwhile.
    const writes = [2, 3, 4].map((version) => store.sessions.put({ ...s, version }));
    const during = await store.sessions.get(s.id);
    expect([1, 2, 3, 4]).toContain(during!.version);
    await Promise.all(writes);
    expect((await store.sessions.get(s.id))!.version).toBe(4);
  });

  it('keeps the committed document when a later write fails, and forgets nothing that was committed', async () => {
    const store = await open('failure');
    const p = makeProfile('x', 'x-p', { version: 1 });
    await store.profiles.put(p);
    expect(await store.profiles.get(p.id)).toEqual(p);
    // Refused before it reaches the writer: the cached copy must stay the committed one.
    await expect(store.commit({ profiles: [{ ...p, version: 'two' as unknown as number }] })).rejects.toMatchObject({ code: 'invalid_document' });
    expect(await store.profiles.get(p.id)).toEqual(p);
    expect(await store.profiles.findByAnyId(p.id)).toEqual(p);
    // Failing inside the writer's transaction (a trigger refuses version 13): the read must not see version 13.
    const schema = new Database(store.file);
    schema.exec(`CREATE TRIGGER refuse_13 BEFORE UPDATE ON profiles WHEN json_extract(NEW.doc, '$.version') = 13
      BEGIN SELECT RAISE(ABORT, 'version 13 refused'); END`);
    schema.close();
    const [refused, accepted] = await Promise.allSettled([store.profiles.put({ ...p, version: 13 }), store.sessions.put(makeSession('x', 'x-s'))]);
    expect(refused.status).toBe('rejected');
    expect(accepted.status).toBe('fulfilled');
    expect(await store.profiles.get(p.id)).toEqual(p);
    expect(await store.profiles.findByAnyId(p.id)).toEqual(p);
    await store.profiles.put({ ...p, version: 14 });
    expect((await store.profiles.get(p.id))!.version).toBe(14);
  });

  it('follows merges: a merged-away profile read by its id leads to the survivor', async () => {
    const store = await open('merge');
    await store.commit({ profiles: [makeProfile('m', 'm-a'), makeProfile('m', 'm-b')] });
    expect((await store.profiles.findByAnyId('m-a'))!.id).toBe('m-a');
    await store.commit({ profiles: [makeProfile('m', 'm-a', { mergedInto: 'm-b' }), makeProfile('m', 'm-b', { ids: ['m-a'], version: 2 })] });
    expect((await store.profiles.findByAnyId('m-a'))!.id).toBe('m-b');
    expect((await store.profiles.findByAnyId('m-b'))!.version).toBe(2);
  });

  it('stays exact when it evicts: more documents than it may hold', async () => {
    const store = await open('evict', { maxEntries: 5 });
    const sessions = Array.from({ length: 20 }, (_, i) => makeSession('e', `e-${i}`, { version: i + 1 }));
    await store.commit({ sessions });
    for (const s of sessions) expect(await store.sessions.get(s.id)).toEqual(s);
    await store.commit({ sessions: sessions.map((s) => ({ ...s, status: 'ended' as const })) });
    for (const s of sessions) expect((await store.sessions.get(s.id))!.status).toBe('ended');
  });

  it('is off unless asked for: a store that is not the sole writer sees another connection\'s commits', async () => {
    const store = await open('shared', false);
    const s = makeSession('o', 'o-s');
    await store.sessions.put(s);
    expect((await store.sessions.get(s.id))!.version).toBe(1);
    const other = new Database(store.file);
    other.prepare('UPDATE sessions SET doc = ? WHERE id = ?').run(JSON.stringify({ ...s, version: 9 }), s.id);
    other.close();
    expect((await store.sessions.get(s.id))!.version).toBe(9);
  });
});
