/**
 * @tessera/migrations: versioned schema migrations for every storage adapter and the runner that applies them.
 * See README.md for the layout (one file per migration id per adapter).
 */
export { migrate, rollback, plan, checkSteps, MIGRATION_ID } from './runner.ts';
export { migrationError, type MigrationError } from './errors.ts';
export type {
  MigrationStep, AppliedMigration, StepProgress, StepOutcome, MigrationTarget, MigrationProgress, MigrateOptions, MigrateResult,
} from './types.ts';
export { SQLITE_MIGRATIONS, sqliteMigrationTarget, MIGRATIONS_TABLE, type SqliteMigration } from './sqlite/index.ts';
export * from './elasticsearch/index.ts';
