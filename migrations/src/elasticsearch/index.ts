/** Elasticsearch migrations: index definitions, naming, the document layout, the registry and the target. */
export * from './document.ts';
export * from './schema.ts';
export * from './names.ts';
export { ES_MIGRATIONS, versionHistory, currentVersions, type EsMigration, type EsVersion } from './registry.ts';
export {
  elasticsearchMigrationTarget, describeIndices, dropPreviousIndices, currentLayout, planElasticsearchMigrations,
  type EsTargetOptions, type EsIndexInfo, type EsPlannedChange,
} from './target.ts';
