/** `tessera migrate [--dry-run]`: brings the storage schema up to date (start does this too). */
import { runMigrations } from '../storage/index.ts';
import { isTesseraError } from '../errors/index.ts';
import { configOrNull } from './config-or-exit.ts';
import { defineCommand } from './command.ts';

/** Applies pending migrations of the configured storage engine. */
export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'Apply pending storage migrations (--dry-run lists them)',
  async run(args) {
    const config = configOrNull();
    if (!config) return 2;
    const dryRun = args.includes('--dry-run');
    try {
      const result = await runMigrations(config, {
        dryRun,
        onProgress: (p) => { if (p.phase === 'done' && p.id) process.stdout.write(`  applied ${p.id}\n`); },
      });
      const verb = dryRun ? 'would apply' : 'applied';
      process.stdout.write(`${config.storage} (${config.dataDir}): ${verb} ${result.executed.length} migration(s)${result.executed.length ? ': ' + result.executed.join(', ') : ''}; ${result.alreadyApplied.length} already applied\n`);
      return 0;
    } catch (err) {
      process.stderr.write(`tessera migrate: ${isTesseraError(err) ? err.message : String(err)}\n`);
      return 1;
    }
  },
});
