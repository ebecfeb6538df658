/** Storage: the port every adapter implements, the stored entities, and adapter construction. */
export * from './port.ts';
export * from './entities.ts';
export { createStore, runMigrations, rollbackMigrations, STORAGE_KINDS, type StorageKind, type StoreConfig, type CreateStoreOptions, type RunMigrationsOptions } from './factory.ts';
export { validateBatch, validateDocs, validateId, MAX_ID_LENGTH } from './validate.ts';
export type { MigrateResult, MigrationProgress } from '@tessera/migrations';
