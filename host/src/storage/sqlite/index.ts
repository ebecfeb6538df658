/** The SQLite storage adapter (embedded default). */
export { createSqliteStore, SqliteStore, type SqliteStoreOptions } from './store.ts';
export { openSqlite, openSqliteDatabase, migrateSqlite, sqliteFile, type SqliteDatabase, type OpenSqliteOptions } from './database.ts';
export { GroupCommitter, type GroupCommitOptions } from './group-commit.ts';
