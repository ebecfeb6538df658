/** Identification ids are found through an index on SQLite (never a scan of the profiles), with exact semantics. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProfile } from '../storage/internal/fixtures.ts';
import { createSqliteStore } from '../storage/sqlite/store.ts';
import { identificationId, profileIdentificationIds } from './internal/keys.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-identity-lookup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('identification ids', () => {
  it('identify by the trimmed, lower-cased value of one field; empty and non-scalar values identify nobody', () => {
    expect(identificationId('pii.email', ' Ann@Example.COM ')).toBe(identificationId('pii.email', 'ann@example.com'));
    expect(identificationId('pii.email', 'ann@example.com')).not.toBe(identificationId('traits.email', 'ann@example.com'));
    expect(identificationId('pii.email', 'ann@example.com')).toMatch(/^@idp:pii\.email:[0-9a-f]{40}$/);
    expect(identificationId('traits.customerId', 42)).toBe(identificationId('traits.customerId', '42'));
    for (const v of ['', '  ', null, undefined, { a: 1 }, ['x'], true]) expect(identificationId('pii.email', v)).toBeNull();
    const profile = { traits: { customerId: 'C-1' }, pii: { email: 'a@b.c' } };
    expect(profileIdentificationIds(profile, ['pii.email', 'traits.customerId', 'pii.phone'])).toEqual([
      identificationId('pii.email', 'a@b.c'), identificationId('traits.customerId', 'C-1'),
    ]);
  });

  it('are looked up through profile_ids on SQLite, with the same answers as an exact check', async () => {
    const store = await createSqliteStore(path.join(dir, 'lookup.sqlite'));
    const key = identificationId('pii.email', 'shared@example.com')!;
    const profiles = Array.from({ length: 1500 }, (_, i) => makeProfile('lookup', `p${i}`, {
      ids: i % 500 === 7 ? [`p${i}`, key] : [`p${i}`, identificationId('pii.email', `u${i}@example.com`)!],
    }));
    // A profile whose own id is the key but whose ids do not list it: `ids eq` must not match it.
    profiles.push(makeProfile('lookup', key, { ids: [] }));
    await store.profiles.putMany(profiles);
    const found = await store.profiles.search({ filters: [{ field: 'ids', op: 'eq', value: key }, { field: 'mergedInto', op: 'exists', value: false }] });
    expect(found.items.map((p) => p.id)).toEqual(['p1007', 'p507', 'p7']);
    const viaIn = await store.profiles.search({ filters: [{ field: 'ids', op: 'in', value: [key, 'p3'] }] });
    expect(viaIn.items.map((p) => p.id)).toEqual(['p1007', 'p3', 'p507', 'p7']);
    expect((await store.profiles.search({ filters: [{ field: 'ids', op: 'ne', value: key }], limit: 1000 })).items).toHaveLength(1000);

    const Database = (await import('better-sqlite3')).default;
    const raw = new Database(store.file, { readonly: true });
    const { compileSearch } = await import('../storage/sqlite/internal/query.ts');
    const { PROFILES_TABLE } = await import('../storage/sqlite/internal/tables.ts');
    const q = compileSearch(PROFILES_TABLE, { filters: [{ field: 'ids', op: 'in', value: [key] }, { field: 'mergedInto', op: 'exists', value: false }], limit: 50 });
    const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan).toMatch(/SEARCH profile_ids USING PRIMARY KEY/);
    expect(plan).toMatch(/SEARCH profiles USING INDEX sqlite_autoindex_profiles_1 \(id=\?\)/);
    expect(plan).not.toMatch(/SCAN profiles/);
    raw.close();
    await store.close();
  });
});
