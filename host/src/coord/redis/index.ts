/** Scale-mode coordination: Redis locks and the Redis pub/sub bus of one host. */
import type { Coord } from '../index.ts';
import { RedisBus } from './bus.ts';
import { connectRedis } from './connection.ts';
import { RedisLocks } from './locks.ts';

export { RedisBus } from './bus.ts';
export { RedisLocks } from './locks.ts';
export { connectRedis, redisOptions } from './connection.ts';

/** Options of {@link createRedisCoord}. */
export interface RedisCoordOptions {
  /** `REDIS_HOST`. */
  redisHost: string;
  /** Key prefix keeping installations and data sets apart on one Redis (the host passes `redisNamespace(config)`). */
  prefix: string;
  onHandlerError?: (error: unknown, channel: string) => void;
}

/** Connects the locks and the bus of one host to Redis (two connections: commands and subscriptions). */
export async function createRedisCoord(options: RedisCoordOptions): Promise<Coord> {
  const commands = connectRedis(options.redisHost, { lazyConnect: true });
  const subscriber = connectRedis(options.redisHost, { lazyConnect: true });
  try {
    await Promise.all([commands.connect(), subscriber.connect()]);
  } catch (error) {
    commands.disconnect();
    subscriber.disconnect();
    throw error;
  }
  const bus = new RedisBus(commands, subscriber, options.prefix, options.onHandlerError);
  const locks = new RedisLocks(commands, subscriber, options.prefix);
  let closed: Promise<void> | null = null;
  return {
    locks,
    bus,
    close: () => (closed ??= (async () => {
      await bus.close();
      await Promise.all([commands.quit().catch(() => undefined), subscriber.quit().catch(() => undefined)]);
    })()),
  };
}
