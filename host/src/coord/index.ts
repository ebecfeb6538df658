/** Coordination: locks and the pub/sub bus, their in-process implementations, and construction from configuration. */
import { createRedisCoord } from './redis/index.ts';
import { MemoryBus, type MemoryBusOptions } from './memory/bus.ts';
import { MemoryLocks } from './memory/locks.ts';
import type { Bus, Locks } from './port.ts';

export * from './port.ts';
export { MemoryLocks } from './memory/locks.ts';
export { MemoryBus, type MemoryBusOptions } from './memory/bus.ts';

/** The part of the host configuration coordination needs. */
export interface CoordConfig {
  /** `REDIS_HOST`: scale mode (Redis locks and pub/sub). */
  redisHost?: string;
  /** `PRODUCTION=yes`: production and staging hosts on one Redis never share locks or messages. */
  production?: boolean;
  /** The installation's name (`ELASTIC_INDEX_PREFIX`, default `tessera`): installations on one Redis stay apart. */
  elasticIndexPrefix?: string;
}

/** Redis key prefix of an installation's data set: `<installation>:<staging|production>`. */
export function redisNamespace(config: Pick<CoordConfig, 'production' | 'elasticIndexPrefix'>): string {
  return `${config.elasticIndexPrefix || 'tessera'}:${config.production ? 'production' : 'staging'}`;
}

/** Locks and bus of one host. */
export interface Coord {
  locks: Locks;
  bus: Bus;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Creates the coordination services the configuration asks for: Redis when REDIS_HOST is set, else in-process. */
export async function createCoord(config: CoordConfig, options: MemoryBusOptions = {}): Promise<Coord> {
  if (config.redisHost) return createRedisCoord({ redisHost: config.redisHost, prefix: `${redisNamespace(config)}:`, onHandlerError: options.onHandlerError });
  const bus = new MemoryBus(options);
  return { locks: new MemoryLocks(), bus, close: () => bus.close() };
}
