/**
 * Elasticsearch 202611281510-jobs: nothing to create. In scale mode background jobs live in Redis (BullMQ), not in
 * the store; the id exists so both adapters share one migration history.
 */
import type { EsMigrationModule } from './schema.ts';

/** What this migration changes. */
export const description = 'no index: jobs live in Redis (BullMQ) in scale mode';

/** No index definition changes. */
export const indices: EsMigrationModule['indices'] = {};
