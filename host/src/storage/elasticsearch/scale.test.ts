/**
 * Elasticsearch-specific behaviour beyond the shared contract: no mapping explosion from free-form fields,
 * monthly event indices, separate production indices, and versioned-index migrations that are safe to re-run.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import {
  ES_MIGRATIONS, V1, describeIndices, dropPreviousIndices, elasticsearchMigrationTarget, migrate, planElasticsearchMigrations,
  type EsMigration, type MigrationProgress,
} from '@tessera/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineForTests } from '../../../../test/engines/env.ts';
import { makeEvent, makeProfile, makeSession } from '../internal/fixtures.ts';
import { openElasticsearchStore } from './index.ts';

const node = await engineForTests('elasticsearch');
const bases: string[] = [];
const newBase = (): string => {
  const base = `sc-${randomBytes(4).toString('hex')}`;
  bases.push(base);
  return base;
};

/** Counts the leaf fields of every mapping of an installation (what the 1000-field limit counts). */
async function mappedFieldCount(client: Client, pattern: string): Promise<number> {
  const { body } = await client.indices.getMapping({ index: pattern });
  let max = 0;
  const count = (props: Record<string, { properties?: Record<string, unknown> }>): number =>
    Object.values(props).reduce((n, p) => n + 1 + (p.properties ? count(p.properties as never) : 0), 0);
  for (const index of Object.values(body as Record<string, { mappings: { properties?: Record<string, never> } }>)) {
    max = Math.max(max, count(index.mappings.properties ?? {}));
  }
  return max;
}

describe.runIf(node)('elasticsearch scale behaviour', () => {
  // Created in beforeAll: Vitest still collects this block when the engine is absent, and a client needs a node.
  let client: Client;
  beforeAll(() => {
    client = new Client({ node: node! });
  });
  afterAll(async () => {
    if (!client) return;
    for (const base of bases) {
      for (const prefix of [base, `prod-${base}`]) {
        await client.indices.delete({ index: `${prefix}.*` }).catch(() => undefined);
        await client.indices.deleteIndexTemplate({ name: `${prefix}.*` }).catch(() => undefined);
      }
    }
    await client.close();
  });

  it('stores thousands of distinct context and property keys without adding a single mapped field (Tracardi #215)', async () => {
    const base = newBase();
    const store = await openElasticsearchStore({ node: node!, base, replicas: 0 });
    const before = await mappedFieldCount(client, `${base}.*`);
    const cookies = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`cookie_${i}_${randomBytes(3).toString('hex')}`, `v${i}`]));
    const session = makeSession('ns', 'sess-cookies', { context: { cookies }, properties: { ...cookies } });
    const event = makeEvent('ns', 'ev-cookies', { context: { cookies }, properties: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`p${i}`, i])) });
    await store.commit({ sessions: [session], events: [event] });
    const [someCookie] = Object.keys(cookies).slice(4321, 4322);
    expect(await store.sessions.count([{ field: `context.cookies.${someCookie}`, op: 'eq', value: 'v4321' }])).toBe(1);
    expect(await store.events.count([{ field: 'properties.p2999', op: 'gte', value: 2999 }])).toBe(1);
    expect((await store.sessions.get('sess-cookies'))?.context).toEqual({ cookies });
    // 8000 new keys arrived; the mappings did not grow and stay far below Elasticsearch's 1000-field limit.
    expect(await mappedFieldCount(client, `${base}.*`)).toBe(before);
    expect(before).toBeLessThan(40);
    await store.close();
  });

  it('writes events into the monthly index of their arrival, all readable through one alias', async () => {
    const base = newBase();
    const store = await openElasticsearchStore({ node: node!, base, replicas: 0 });
    await store.commit({ events: [
      makeEvent('m', 'jan', { insertedAt: '2026-01-15T10:00:00.000Z', time: '2026-01-15T10:00:00.000Z' }),
      makeEvent('m', 'mar', { insertedAt: '2026-03-02T10:00:00.000Z', time: '2026-03-02T10:00:00.000Z' }),
    ] });
    const { body } = await client.indices.getAlias({ name: `${base}.events` });
    expect(Object.keys(body).sort()).toEqual([`${base}.events.v1-2026.01`, `${base}.events.v1-2026.03`]);
    expect((await store.events.getMany(['mar', 'jan'])).map((e) => e.id)).toEqual(['mar', 'jan']);
    expect((await store.events.search({ sort: [{ field: 'time', order: 'desc' }] })).items.map((e) => e.id)).toEqual(['mar', 'jan']);
    expect(await store.events.delete('mar')).toBe(true);
    expect(await store.events.get('mar')).toBeNull();
    await store.close();
  });

  it('reads a recent event by id in real time from another store instance (another host)', async () => {
    const base = newBase();
    const writer = await openElasticsearchStore({ node: node!, base, replicas: 0 });
    const reader = await openElasticsearchStore({ node: node!, base, replicas: 0 });
    const now = new Date().toISOString();
    for (let i = 0; i < 5; i++) {
      await writer.commit({ events: [makeEvent('rt', `rt-${i}`, { insertedAt: now, time: now })] });
      // No refresh happened in between: only a real-time GET can see it.
      expect((await reader.events.get(`rt-${i}`))?.id).toBe(`rt-${i}`);
    }
    await Promise.all([writer.close(), reader.close()]);
  });

  it('makes a configuration write searchable on every host once it is acknowledged', async () => {
    const base = newBase();
    const [a, b] = await Promise.all([
      openElasticsearchStore({ node: node!, base, replicas: 0 }),
      openElasticsearchStore({ node: node!, base, replicas: 0 }),
    ]);
    await b.config('rules').count(); // b has searched once: nothing of its own is pending
    for (let i = 0; i < 5; i++) {
      await a.config<{ id: string; enabled: boolean }>('rules').put({ id: `rule-${i}`, enabled: true });
      // What another host does when the change is announced on the bus: reload by search, at once.
      expect(await b.config('rules').count([{ field: 'enabled', op: 'eq', value: true }])).toBe(i + 1);
    }
    await Promise.all([a.close(), b.close()]);
  });

  it('keeps PRODUCTION=yes data in prod- indices, apart from staging', async () => {
    const base = newBase();
    const staging = await openElasticsearchStore({ node: node!, base, replicas: 0 });
    const production = await openElasticsearchStore({ node: node!, base, production: true, replicas: 0 });
    await production.profiles.put(makeProfile('x', 'only-in-prod'));
    expect(await production.profiles.get('only-in-prod')).not.toBeNull();
    expect(await staging.profiles.get('only-in-prod')).toBeNull();
    expect((await client.indices.existsAlias({ name: `prod-${base}.profiles` })).body).toBe(true);
    expect((await client.indices.exists({ index: `prod-${base}.profiles.v1` })).body).toBe(true);
    await Promise.all([staging.close(), production.close()]);
  });

  it('migrates a changed schema into new indices behind moved aliases, keeps the old ones as previous, and is safe to run twice', async () => {
    const base = newBase();
    const store = await openElasticsearchStore({ node: node!, base, replicas: 0 });
    await store.commit({
      profiles: Array.from({ length: 30 }, (_, i) => makeProfile('mig', `p${i}`, { traits: i % 2 ? { tier: 'gold' } : {} })),
      sessions: Array.from({ length: 5 }, (_, i) => makeSession('mig', `s${i}`)),
      events: Array.from({ length: 20 }, (_, i) => makeEvent('mig', `e${i}`, { insertedAt: i < 10 ? '2026-01-05T00:00:00.000Z' : '2026-02-05T00:00:00.000Z' })),
    });
    await store.close();

    // A new schema version: profiles change shape (the migration's script fills a default tier), events are
    // re-created with the same documents, sessions/config/kv do not change.
    const next: EsMigration = {
      id: '209901010000-profile-tier',
      description: 'profiles get a default tier; events get a new index version',
      indices: {
        profiles: { ...V1.profiles, transform: (doc) => ({ ...doc, traits: { tier: 'bronze', ...(doc.traits as object) } }) },
        events: V1.events,
      },
    };
    const migrations = [...ES_MIGRATIONS, next];
    const target = elasticsearchMigrationTarget(client, { base, replicas: 0, migrations });
    const progress: MigrationProgress[] = [];
    const dry = await migrate({ target, dryRun: true });
    expect(dry.executed).toEqual([next.id]);
    const plan = await planElasticsearchMigrations(client, { base, migrations });
    expect(plan.map((c) => ({ ...c, copyFrom: c.copyFrom.reduce((n, f) => n + f.docs, 0) }))).toEqual([
      { migrationId: next.id, collection: 'profiles', create: `${base}.profiles.v2`, copyFrom: 30, transform: true },
      { migrationId: next.id, collection: 'events', create: `${base}.events.v2-*`, copyFrom: 20, transform: false },
    ]);
    const first = await migrate({ target, onProgress: (p) => progress.push(p) });
    expect(first.executed).toEqual([next.id]);
    expect(progress.some((p) => p.phase === 'step' && p.fraction > 0 && p.fraction < 1)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'finish', overall: 1 });

    const indices = await describeIndices(client, { base });
    const status = Object.fromEntries(indices.map((i) => [i.index, `${i.status}:${i.aliases.join(',')}`]));
    expect(status).toMatchObject({
      [`${base}.profiles.v1`]: 'previous:',
      [`${base}.profiles.v2`]: `current:${base}.profiles`,
      [`${base}.sessions.v1`]: `current:${base}.sessions`,
      [`${base}.events.v1-2026.01`]: 'previous:',
      [`${base}.events.v2-2026.01`]: `current:${base}.events`,
      [`${base}.events.v2-2026.02`]: `current:${base}.events`,
    });
    // The previous index refuses writes, so nothing can diverge from the copy.
    await expect(client.index({ index: `${base}.profiles.v1`, id: 'late', body: { id: 'late' } })).rejects.toMatchObject({ meta: { statusCode: 403 } });

    const after = await openElasticsearchStore({ node: node!, base, replicas: 0, migrations, migrate: false });
    expect(await after.profiles.count()).toBe(30);
    expect(await after.profiles.count([{ field: 'traits.tier', op: 'eq', value: 'bronze' }])).toBe(15);
    expect(await after.profiles.count([{ field: 'traits.tier', op: 'eq', value: 'gold' }])).toBe(15);
    expect(await after.events.count()).toBe(20);
    expect(await after.sessions.count()).toBe(5);

    // Running it again changes nothing and duplicates nothing (Tracardi #565).
    const second = await migrate({ target });
    expect(second.executed).toEqual([]);
    expect(second.alreadyApplied).toContain(next.id);
    expect(await after.profiles.count()).toBe(30);
    expect(await after.events.count()).toBe(20);

    // Previous indices go only when an administrator drops them; the data stays readable.
    const dropped = await dropPreviousIndices(client, { base });
    expect(dropped.sort()).toEqual([`${base}.events.v1-2026.01`, `${base}.events.v1-2026.02`, `${base}.profiles.v1`]);
    expect(await after.profiles.count()).toBe(30);
    expect((await after.profiles.get('p0'))?.traits).toEqual({ tier: 'bronze' });
    await after.close();
  });

  it('finishes a migration that crashed half-way when it is run again, without losing or duplicating documents', async () => {
    const base = newBase();
    const store = await openElasticsearchStore({ node: node!, base, replicas: 0 });
    await store.profiles.putMany(Array.from({ length: 40 }, (_, i) => makeProfile('crash', `p${i}`)));
    await store.close();
    let calls = 0;
    let crash = true;
    const next: EsMigration = {
      id: '209901010000-crashy',
      description: 'a transform that dies on its 25th document the first time',
      indices: {
        profiles: {
          ...V1.profiles,
          transform: (doc) => {
            calls += 1;
            if (crash && calls === 25) throw new Error('process killed');
            return { ...doc, traits: { ...(doc.traits as object), migrated: true } };
          },
        },
      },
    };
    const target = elasticsearchMigrationTarget(client, { base, replicas: 0, migrations: [...ES_MIGRATIONS, next] });
    await expect(migrate({ target })).rejects.toMatchObject({ code: 'migration_failed' });
    // Not recorded, the alias still on v1 (write-blocked meanwhile: writers get a retryable 503).
    expect((await target.applied()).map((a) => a.id)).not.toContain(next.id);
    expect(Object.keys((await client.indices.getAlias({ name: `${base}.profiles` })).body)).toEqual([`${base}.profiles.v1`]);
    const blocked = await openElasticsearchStore({ node: node!, base, replicas: 0, migrate: false });
    await expect(blocked.profiles.put(makeProfile('crash', 'late'))).rejects.toMatchObject({ code: 'storage_migrating', status: 503 });
    await blocked.close();

    crash = false;
    expect((await migrate({ target })).executed).toEqual([next.id]);
    const after = await openElasticsearchStore({ node: node!, base, replicas: 0, migrations: [...ES_MIGRATIONS, next], migrate: false });
    expect(await after.profiles.count()).toBe(40);
    expect(await after.profiles.count([{ field: 'traits.migrated', op: 'eq', value: true }])).toBe(40);
    await after.profiles.put(makeProfile('crash', 'after-migration'));
    expect(await after.profiles.count()).toBe(41);
    await after.close();
  });

  it('refuses to open an installation that is not migrated when asked not to migrate', async () => {
    const base = newBase();
    await expect(openElasticsearchStore({ node: node!, base, replicas: 0, migrate: false })).rejects.toMatchObject({ code: 'storage_not_migrated', status: 503 });
  });
});
