/** mergeProfiles over a real SQLite store and the in-process locks: grouping by identification ids, idempotency. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryLocks } from '../coord/index.ts';
import { identificationId } from '../identity/internal/keys.ts';
import { makeProfile, makeSession } from '../storage/internal/fixtures.ts';
import { createSqliteStore } from '../storage/sqlite/store.ts';
import { mergeProfiles } from './merge.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-merge-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('mergeProfiles', () => {
  it('merges every live profile linked through shared identification ids, once; a rerun changes nothing', async () => {
    const store = await createSqliteStore(path.join(dir, 'merge.sqlite'));
    const locks = new MemoryLocks();
    const email = identificationId('pii.email', 'eve@example.com')!;
    const customer = identificationId('traits.customerId', 'C-9')!;
    // a and b share the e-mail; b and c share the customer id; d is unrelated.
    await store.commit({
      profiles: [
        makeProfile('m', 'a', { ids: ['a', email], createdAt: '2026-01-01T00:00:00Z', pii: { email: 'eve@example.com' }, stats: { visits: 1, events: 2 } }),
        makeProfile('m', 'b', { ids: ['b', email, customer], createdAt: '2026-02-01T00:00:00Z', traits: { customerId: 'C-9' }, stats: { visits: 2, events: 3 } }),
        makeProfile('m', 'c', { ids: ['c', customer], createdAt: '2026-03-01T00:00:00Z', lastSessionId: 'sc', stats: { visits: 4, events: 5 } }),
        makeProfile('m', 'd', { ids: ['d'], createdAt: '2025-01-01T00:00:00Z' }),
      ],
      sessions: [makeSession('m', 'sb', { profileId: 'b' }), makeSession('m', 'sc', { profileId: 'c' }), makeSession('m', 'sd', { profileId: 'd' })],
    });

    const first = await mergeProfiles({ store, locks }, { ids: ['a', 'b'], keys: [email] });
    expect(first.survivor?.id).toBe('a');
    expect(first.merged.sort()).toEqual(['b', 'c']);
    expect(first.sessions).toBe(2);
    const a = await store.profiles.get('a');
    expect(a).toMatchObject({ stats: { visits: 7, events: 10 }, traits: { customerId: 'C-9' }, pii: { email: 'eve@example.com' } });
    expect(a!.ids).toEqual(expect.arrayContaining(['a', 'b', 'c', email, customer]));
    for (const id of ['b', 'c', customer]) expect((await store.profiles.findByAnyId(id))?.id).toBe('a');
    expect((await store.profiles.get('b'))?.mergedInto).toBe('a');
    expect((await store.sessions.get('sc'))?.profileId).toBe('a');
    expect((await store.sessions.get('sd'))?.profileId).toBe('d');
    expect((await store.profiles.get('d'))?.mergedInto ?? null).toBeNull();

    const again = await mergeProfiles({ store, locks }, { ids: ['a', 'b'], keys: [email] });
    expect(again).toMatchObject({ merged: [], sessions: 0 });
    expect(await store.profiles.get('a')).toEqual(a);
    await store.close();
  });

  it('waits for the /track lock of every profile it merges', async () => {
    const store = await createSqliteStore(path.join(dir, 'lock.sqlite'));
    const locks = new MemoryLocks();
    await store.commit({ profiles: [makeProfile('l', 'x', { ids: ['x'] }), makeProfile('l', 'y', { ids: ['y'], createdAt: '2027-01-01T00:00:00Z' })] });
    let release!: () => void;
    const held = locks.withLock('track:profile:y', 30_000, () => new Promise<void>((r) => { release = r; }));
    const merging = mergeProfiles({ store, locks }, { ids: ['x', 'y'] });
    await new Promise((r) => setTimeout(r, 100));
    expect((await store.profiles.get('y'))?.mergedInto ?? null).toBeNull();
    release();
    await held;
    expect((await merging).merged).toEqual(['y']);
    await store.close();
  });
});
