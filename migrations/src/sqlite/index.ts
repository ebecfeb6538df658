/** SQLite migrations: the registry of migration files and the target that runs them. */
export { SQLITE_MIGRATIONS, type SqliteMigration } from './registry.ts';
export { sqliteMigrationTarget, MIGRATIONS_TABLE } from './target.ts';
