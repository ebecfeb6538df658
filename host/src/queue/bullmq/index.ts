/** Scale-mode queue: the queue port on BullMQ and Redis. */
import { redisOptions } from '../../coord/redis/connection.ts';
import { BullmqQueue } from './queue.ts';

export { BullmqQueue, type BullmqQueueOptions } from './queue.ts';

/** Options of {@link createBullmqQueue}. */
export interface CreateBullmqQueueOptions {
  /** `REDIS_HOST`. */
  redisHost: string;
  /** Key prefix of the job set: the host passes `<redisNamespace(config)>:jobs`; tests use one per data set. */
  prefix: string;
  closeTimeoutMs?: number;
}

/** Creates the BullMQ queue of one host or worker. */
export async function createBullmqQueue(options: CreateBullmqQueueOptions): Promise<BullmqQueue> {
  return new BullmqQueue({
    connection: redisOptions(options.redisHost),
    prefix: options.prefix,
    closeTimeoutMs: options.closeTimeoutMs,
  });
}
