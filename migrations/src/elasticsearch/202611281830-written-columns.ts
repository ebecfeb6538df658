/**
 * Elasticsearch 202611281830-written-columns: nothing to do. The SQLite migration of this id changes how that engine
 * keeps its indexed columns up to date; Elasticsearch indexes every mapped field of a document anyway, so no index
 * definition changes.
 */
import type { EsMigrationModule } from './schema.ts';

/** What this migration changes. */
export const description = 'no change (SQLite-only: indexed columns written with the document)';

/** No index definition changes. */
export const indices: EsMigrationModule['indices'] = {};
