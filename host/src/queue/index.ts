/** Queues: the port for background jobs, its embedded implementation, and construction from configuration. */
import { sqliteFile } from '../storage/sqlite/index.ts';
import { createBullmqQueue } from './bullmq/index.ts';
import { redisNamespace } from '../coord/index.ts';
import { createEmbeddedQueue, type EmbeddedQueueOptions } from './embedded/index.ts';
import type { Queue } from './port.ts';

export * from './port.ts';
export { EmbeddedQueue, createEmbeddedQueue, type EmbeddedQueueOptions } from './embedded/index.ts';
export { ENQUEUE_DEFAULTS } from './internal/options.ts';
export { BullmqQueue, createBullmqQueue } from './bullmq/index.ts';

/** The part of the host configuration the queue needs. */
export interface QueueConfig {
  /** `TESSERA_DATA_DIR`: the embedded queue lives in the SQLite file there. */
  dataDir: string;
  /** `PRODUCTION=yes`: the production data set (its own file). */
  production: boolean;
  /** `REDIS_HOST`: scale mode (BullMQ). */
  redisHost?: string;
  /** The installation's name (`ELASTIC_INDEX_PREFIX`): installations on one Redis never take each other's jobs. */
  elasticIndexPrefix?: string;
}

/** Creates the queue the configuration asks for: BullMQ when REDIS_HOST is set, else the embedded one. */
export async function createQueue(config: QueueConfig, options: EmbeddedQueueOptions = {}): Promise<Queue> {
  if (config.redisHost) return createBullmqQueue({ redisHost: config.redisHost, prefix: `${redisNamespace(config)}:jobs` });
  return createEmbeddedQueue(sqliteFile(config.dataDir, config.production), options);
}
