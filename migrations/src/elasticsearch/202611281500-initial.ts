/**
 * Elasticsearch 202611281500-initial: the first version of every collection's index (profiles, sessions, monthly
 * events through an index template, configuration, plugin key-value state), each behind its alias.
 */
import { V1, type EsMigrationModule } from './schema.ts';

/** What this migration changes. */
export const description = 'profiles, sessions, monthly events, config and kv indices behind their aliases';

/** Index definitions introduced by this migration. */
export const indices: EsMigrationModule['indices'] = V1;
