/**
 * Elasticsearch 202611281600-stored-columns: nothing to change. The SQLite adapter moved its indexed fields into
 * stored columns; Elasticsearch mappings already index those fields. The id exists so both adapters share one
 * migration history.
 */
import type { EsMigrationModule } from './schema.ts';

/** What this migration changes. */
export const description = 'no index change: SQLite-only storage layout change';

/** No index definition changes. */
export const indices: EsMigrationModule['indices'] = {};
