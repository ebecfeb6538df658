/** The SQLite storage adapter (embedded default). */
export { createSqliteStore, SqliteStore, type SqliteStoreOptions } from './store.ts';
export { openSqlite, openSqliteDatabase, migrateSqlite, sqliteFile, type SqliteDatabase, type OpenSqliteOptions } from './database.ts';
export { SqliteWriter, type SqliteWriterOptions } from './writer/writer.ts';
export type { Applier, ApplierModule } from './writer/protocol.ts';
