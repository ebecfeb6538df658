/**
 * Elasticsearch 202611281700-outbox: the transactional outbox index. Jobs a write batch produces are indexed in the
 * same bulk request as the batch's documents; a relay moves them to the queue afterwards (host/src/queue/outbox.ts).
 */
import { OUTBOX_V1, type EsMigrationModule } from './schema.ts';

/** What this migration changes. */
export const description = 'outbox index: jobs written with a batch, waiting to be moved to the queue';

/** Index definitions introduced by this migration. */
export const indices: EsMigrationModule['indices'] = { outbox: OUTBOX_V1 };
