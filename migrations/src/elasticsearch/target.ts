/**
 * The Elasticsearch migration target.
 *
 * A migration names the collections whose index definition changes. For each of them it creates the next physical
 * index version (`<prefix>.<collection>.v<n>`, or a new monthly series and index template for events), blocks
 * writes to the previous version, copies its documents (server-side `_reindex`, or through the migration's
 * `transform`), moves the alias in one atomic `_aliases` call and marks the previous indices `previous` in their
 * mapping `_meta`. Collections a migration does not name keep their indices and aliases untouched. Previous
 * indices stay until an administrator drops them ({@link dropPreviousIndices}).
 *
 * Elasticsearch has no transactions, so every step is safe to re-run: indices are created only if missing, copies
 * are create-if-absent, the alias move is idempotent, and the migration is recorded last. A cluster-wide lock keeps
 * two migrating processes apart.
 */
import type { Client } from '@elastic/elasticsearch';
import { migrationError } from '../errors.ts';
import type { AppliedMigration, MigrationTarget, StepOutcome, StepProgress } from '../types.ts';
import { copyIndex } from './internal/copy.ts';
import { aliasTargets, createIndexIfMissing, indicesMatching } from './internal/es.ts';
import { withMigrationLock } from './internal/lock.ts';
import { esNames, type EsNames, type EsNamingOptions } from './names.ts';
import { ES_MIGRATIONS, versionHistory, type EsMigration, type EsVersion } from './registry.ts';
import { mappingOf, settingsOf, type EsCollection, type EsIndexSettings } from './schema.ts';

/** Options of the Elasticsearch migration target. */
export interface EsTargetOptions extends EsNamingOptions, Partial<EsIndexSettings> {
  migrations?: readonly EsMigration[];
}

/** A migration target for one installation (prefix) on one cluster. */
export function elasticsearchMigrationTarget(client: Client, options: EsTargetOptions = {}): MigrationTarget {
  const names = esNames(options);
  const migrations = options.migrations ?? ES_MIGRATIONS;
  const settings = settingsOf({ shards: options.shards ?? 1, replicas: options.replicas ?? 1 });
  const byId = new Map(migrations.map((m) => [m.id, m]));

  const ensureMigrationsIndex = (): Promise<boolean> => createIndexIfMissing(client, names.migrations, {
    settings: settingsOf({ shards: 1, replicas: options.replicas ?? 1 }),
    mappings: { dynamic: false, properties: { kind: { type: 'keyword' }, id: { type: 'keyword' }, appliedAt: { type: 'keyword' } } },
  });
  const applied = async (): Promise<AppliedMigration[]> => {
    // Reading creates nothing: a dry run on a fresh cluster leaves it untouched.
    if (!(await client.indices.exists({ index: names.migrations })).body) return [];
    await client.indices.refresh({ index: names.migrations });
    const { body } = await client.search({ index: names.migrations, size: 10_000, body: { query: { term: { kind: 'applied' } } } });
    return (body as { hits: { hits: Array<{ _source: AppliedMigration }> } }).hits.hits.map((h) => ({ id: h._source.id, appliedAt: h._source.appliedAt }));
  };
  const isApplied = async (id: string): Promise<boolean> => (await client.exists({ index: names.migrations, id: `applied:${id}` })).body === true;

  const apply = async (id: string, progress: StepProgress): Promise<StepOutcome> => {
    const migration = byId.get(id);
    if (!migration) throw migrationError('migration_not_found', `no Elasticsearch migration "${id}"`, { id });
    await ensureMigrationsIndex();
    return withMigrationLock(client, names.migrations, async () => {
      if (await isApplied(id)) return 'skipped';
      const history = versionHistory(migrations.slice(0, migrations.indexOf(migration) + 1));
      const changes = [...history.values()].map((list) => list.slice(-2)).filter((pair) => pair.at(-1)?.migrationId === id);
      const units = Math.max(1, changes.length);
      const run = async (pair: EsVersion[], i: number): Promise<void> => {
        const [previous, next] = pair.length === 2 ? pair : [undefined, pair[0]!];
        const scaled: StepProgress = (done, total) => progress(i + (total > 0 ? done / total : 1), units);
        try {
          await applyVersion(client, names, settings, next!, previous, scaled);
        } catch (cause) {
          throw migrationError('migration_failed', `Elasticsearch migration "${id}" failed on ${next!.collection}: ${(cause as Error).message}`, { id, collection: next!.collection }, cause);
        }
      };
      // First versions only create empty indices: do them at once. Copies run one after another (they are heavy).
      if (changes.every((pair) => pair.length === 1)) await Promise.all(changes.map(run));
      else for (const [i, pair] of changes.entries()) await run(pair, i);
      await client.index({
        index: names.migrations, id: `applied:${id}`, refresh: true,
        body: { kind: 'applied', id, description: migration.description, appliedAt: new Date().toISOString() },
      });
      progress(units, units);
      return 'applied';
    });
  };

  return {
    adapter: 'elasticsearch',
    // Reverting would discard whatever was written to the new indices since; administrators keep the previous
    // indices instead and can point an alias back by hand.
    steps: migrations.map((m) => ({ id: m.id, description: m.description, reversible: false })),
    applied,
    apply,
    revert: async (id) => { throw migrationError('migration_irreversible', `Elasticsearch migration "${id}" has no down`, { id }); },
  };
}

async function applyVersion(
  client: Client, names: EsNames, settings: Record<string, unknown>, next: EsVersion, previous: EsVersion | undefined, progress: StepProgress,
): Promise<void> {
  const c = next.collection;
  const meta = { collection: c, version: next.version, migrationId: next.migrationId, status: 'current' };
  const mappings = mappingOf(next.definition, meta);
  const sameDerived = JSON.stringify(previous?.definition.textPaths ?? []) === JSON.stringify(next.definition.textPaths ?? []);
  if (next.definition.partition === 'month') {
    // The template makes any monthly index created by hand or by an older client get the right mapping.
    await client.indices.putIndexTemplate({
      name: names.template(next.version),
      body: { index_patterns: [names.monthlyPattern(next.version)], priority: 100, template: { settings, mappings } },
    });
    const pairs: Array<[string, string]> = [];
    if (previous) {
      for (const old of await indicesMatching(client, names.monthlyPattern(previous.version))) {
        pairs.push([old, names.monthly(next.version, old.slice(old.lastIndexOf('-') + 1))]);
      }
    }
    for (const [, created] of pairs) await createIndexIfMissing(client, created, { settings, mappings });
    await copyAll(client, pairs, next, sameDerived, progress);
    await moveAlias(client, names.alias(c), pairs.map(([o]) => o), pairs.map(([, n]) => n), false);
    await markPrevious(client, pairs, next);
    progress(1, 1);
    return;
  }
  const created = names.physical(c, next.version);
  await createIndexIfMissing(client, created, { settings, mappings });
  const pairs: Array<[string, string]> = [];
  if (previous) {
    const old = names.physical(c, previous.version);
    if ((await indicesMatching(client, old)).length > 0) pairs.push([old, created]);
  }
  await copyAll(client, pairs, next, sameDerived, progress);
  await moveAlias(client, names.alias(c), pairs.map(([o]) => o), [created], true);
  await markPrevious(client, pairs, next);
  progress(1, 1);
}

/** Blocks writes to each source (hosts retry: consistency over availability during a schema change), then copies. */
async function copyAll(client: Client, pairs: Array<[string, string]>, next: EsVersion, sameDerived: boolean, progress: StepProgress): Promise<void> {
  for (const [i, [from, to]] of pairs.entries()) {
    await client.indices.putSettings({ index: from, body: { 'index.blocks.write': true } });
    await copyIndex(client, from, to, next.definition, sameDerived, (done, total) => {
      progress(i + (total > 0 ? done / total : 1), pairs.length);
    });
  }
}

/** Points `alias` at `to` and away from `from`, in one atomic call. */
async function moveAlias(client: Client, alias: string, from: string[], to: string[], writeIndex: boolean): Promise<void> {
  const current = new Set(await aliasTargets(client, alias));
  const actions: unknown[] = [];
  for (const index of to) actions.push({ add: { index, alias, ...(writeIndex ? { is_write_index: true } : {}) } });
  for (const index of from) if (current.has(index)) actions.push({ remove: { index, alias } });
  if (actions.length > 0) await client.indices.updateAliases({ body: { actions } });
}

async function markPrevious(client: Client, pairs: Array<[string, string]>, next: EsVersion): Promise<void> {
  for (const [old, replacement] of pairs) {
    await client.indices.putMapping({
      index: old,
      body: { _meta: { tessera: { collection: next.collection, version: next.version - 1, status: 'previous', replacedBy: replacement, at: new Date().toISOString() } } },
    });
  }
}

/** One physical index of an installation, as an administrator sees it. */
export interface EsIndexInfo {
  index: string;
  collection: string | undefined;
  version: number | undefined;
  status: 'current' | 'previous' | 'unknown';
  aliases: string[];
}

/** Lists the installation's physical indices with their status (current/previous) and aliases. */
export async function describeIndices(client: Client, options: EsNamingOptions = {}): Promise<EsIndexInfo[]> {
  const names = esNames(options);
  const { body } = await client.indices.get({ index: `${names.prefix}.*`, allow_no_indices: true });
  const all = body as Record<string, { aliases?: Record<string, unknown>; mappings?: { _meta?: { tessera?: { collection?: string; version?: number; status?: string } } } }>;
  return Object.entries(all).filter(([index]) => index !== names.migrations).sort(([a], [b]) => a.localeCompare(b)).map(([index, info]) => {
    const meta = info.mappings?._meta?.tessera;
    const status = meta?.status === 'current' || meta?.status === 'previous' ? meta.status : 'unknown';
    return { index, collection: meta?.collection, version: meta?.version, status, aliases: Object.keys(info.aliases ?? {}) };
  });
}

/** Deletes the installation's indices marked `previous` (the administrator's explicit clean-up); returns their names. */
export async function dropPreviousIndices(client: Client, options: EsNamingOptions & { dryRun?: boolean } = {}): Promise<string[]> {
  const previous = (await describeIndices(client, options)).filter((i) => i.status === 'previous' && i.aliases.length === 0).map((i) => i.index);
  if (!options.dryRun) for (const index of previous) await client.indices.delete({ index });
  return previous;
}

/** Every collection with its current alias and version, for the adapter. */
export function currentLayout(options: EsNamingOptions = {}, migrations: readonly EsMigration[] = ES_MIGRATIONS): Map<EsCollection, EsVersion & { alias: string; index: string }> {
  const names = esNames(options);
  const layout = new Map<EsCollection, EsVersion & { alias: string; index: string }>();
  for (const [c, list] of versionHistory(migrations)) {
    const last = list.at(-1);
    if (last) layout.set(c, { ...last, alias: names.alias(c), index: names.physical(c, last.version) });
  }
  return layout;
}

/** What one pending migration would do to one collection. */
export interface EsPlannedChange {
  migrationId: string;
  collection: EsCollection;
  /** Physical indices (or monthly series pattern) created. */
  create: string;
  /** Indices copied from, with their document counts; empty for a first version. */
  copyFrom: Array<{ index: string; docs: number }>;
  /** Whether documents are rewritten by the migration's script while copying. */
  transform: boolean;
}

/** The index work the pending migrations would do, for `tessera migrate --dry-run`. Changes nothing. */
export async function planElasticsearchMigrations(client: Client, options: EsTargetOptions = {}): Promise<EsPlannedChange[]> {
  const names = esNames(options);
  const migrations = options.migrations ?? ES_MIGRATIONS;
  const target = elasticsearchMigrationTarget(client, options);
  const applied = new Set((await target.applied()).map((a) => a.id));
  const history = versionHistory(migrations);
  const planned: EsPlannedChange[] = [];
  for (const list of history.values()) {
    for (const [i, version] of list.entries()) {
      if (applied.has(version.migrationId)) continue;
      const previous = list[i - 1];
      const monthly = version.definition.partition === 'month';
      const create = monthly ? names.monthlyPattern(version.version) : names.physical(version.collection, version.version);
      const copyFrom: Array<{ index: string; docs: number }> = [];
      if (previous) {
        const pattern = monthly ? names.monthlyPattern(previous.version) : names.physical(version.collection, previous.version);
        for (const index of await indicesMatching(client, pattern)) {
          const { body } = await client.count({ index });
          copyFrom.push({ index, docs: (body as { count: number }).count });
        }
      }
      planned.push({ migrationId: version.migrationId, collection: version.collection, create, copyFrom, transform: Boolean(version.definition.transform) });
    }
  }
  return planned.sort((a, b) => a.migrationId.localeCompare(b.migrationId));
}
