/**
 * `tessera migrate [--dry-run]`: brings the storage schema up to date (start does this too), with a progress bar.
 * Elasticsearch only: `--indices` lists the physical indices (current/previous), `--drop-previous [--dry-run]`
 * deletes the ones earlier migrations left behind as `previous`.
 */
import { runMigrations } from '../storage/index.ts';
import { dropPreviousElasticsearchIndices, listElasticsearchIndices, planElasticsearchIndexChanges } from '../storage/elasticsearch/index.ts';
import { isTesseraError } from '../errors/index.ts';
import type { Config } from '../config/index.ts';
import { configOrNull } from './config-or-exit.ts';
import { defineCommand } from './command.ts';
import { migrationProgressBar } from './internal/progress-bar.ts';

async function elasticsearchAdmin(config: Config, args: readonly string[]): Promise<number> {
  if (config.storage !== 'elasticsearch' || !config.elasticHost) {
    process.stderr.write('tessera migrate: --indices and --drop-previous need STORAGE=elasticsearch and ELASTIC_HOST\n');
    return 2;
  }
  const target = { node: config.elasticHost, production: config.production, base: config.elasticIndexPrefix };
  if (args.includes('--indices')) {
    for (const i of await listElasticsearchIndices(target)) {
      process.stdout.write(`${i.status.padEnd(8)} ${i.index}${i.aliases.length ? `  <- ${i.aliases.join(', ')}` : ''}\n`);
    }
    return 0;
  }
  const dryRun = args.includes('--dry-run');
  const dropped = await dropPreviousElasticsearchIndices({ ...target, dryRun });
  process.stdout.write(`${dryRun ? 'would drop' : 'dropped'} ${dropped.length} previous index(es)${dropped.length ? ': ' + dropped.join(', ') : ''}\n`);
  return 0;
}

/** Applies pending migrations of the configured storage engine. */
export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Apply pending storage migrations (--dry-run lists them; Elasticsearch: --indices, --drop-previous)',
  async run(args) {
    const config = configOrNull();
    if (!config) return 2;
    const dryRun = args.includes('--dry-run');
    try {
      if (args.includes('--indices') || args.includes('--drop-previous')) return await elasticsearchAdmin(config, args);
      const result = await runMigrations(config, { dryRun, onProgress: dryRun ? undefined : migrationProgressBar() });
      if (dryRun && config.storage === 'elasticsearch' && config.elasticHost) {
        // Say what the migrations would do to the indices, so an administrator can judge the copy before running it.
        for (const c of await planElasticsearchIndexChanges({ node: config.elasticHost, production: config.production, base: config.elasticIndexPrefix })) {
          const copy = c.copyFrom.length === 0 ? 'new, empty'
            : `copy ${c.copyFrom.reduce((n, f) => n + f.docs, 0)} documents from ${c.copyFrom.map((f) => f.index).join(', ')}${c.transform ? ' through the migration script' : ''}, then move the alias`;
          process.stdout.write(`  ${c.migrationId}: ${c.collection} -> ${c.create} (${copy})\n`);
        }
      }
      const verb = dryRun ? 'would apply' : 'applied';
      const where = config.storage === 'elasticsearch' ? `${config.elasticHost}, ${config.production ? 'prod-' : ''}${config.elasticIndexPrefix}.*` : config.dataDir;
      process.stdout.write(`${config.storage} (${where}): ${verb} ${result.executed.length} migration(s)${result.executed.length ? ': ' + result.executed.join(', ') : ''}; ${result.alreadyApplied.length} already applied\n`);
      return 0;
    } catch (err) {
      process.stderr.write(`tessera migrate: ${isTesseraError(err) ? err.message : String(err)}\n`);
      return 1;
    }
  },
});
