/** Queues: the port for background jobs, its embedded implementation, and construction from configuration. */
import { userError } from '../errors/index.ts';
import { sqliteFile } from '../storage/sqlite/index.ts';
import { createEmbeddedQueue, type EmbeddedQueueOptions } from './embedded/index.ts';
import type { Queue } from './port.ts';

export * from './port.ts';
export { EmbeddedQueue, createEmbeddedQueue, type EmbeddedQueueOptions } from './embedded/index.ts';
export { ENQUEUE_DEFAULTS } from './internal/options.ts';

/** The part of the host configuration the queue needs. */
export interface QueueConfig {
  /** `TESSERA_DATA_DIR`: the embedded queue lives in the SQLite file there. */
  dataDir: string;
  /** `PRODUCTION=yes`: the production data set (its own file). */
  production: boolean;
  /** `REDIS_HOST`: scale mode (BullMQ). */
  redisHost?: string;
}

/** Creates the queue the configuration asks for: BullMQ when REDIS_HOST is set, else the embedded one. */
export async function createQueue(config: QueueConfig, options: EmbeddedQueueOptions = {}): Promise<Queue> {
  if (config.redisHost) {
    // SCALE-MODE SWITCH: the BullMQ queue (host/src/queue/bullmq/, issue 7) plugs in here.
    throw userError('invalid_config', 'REDIS_HOST is set, but the Redis queue is not available yet', 400, { field: 'REDIS_HOST' });
  }
  return createEmbeddedQueue(sqliteFile(config.dataDir, config.production), options);
}
