/** Coordination: locks and the pub/sub bus, their in-process implementations, and construction from configuration. */
import { userError } from '../errors/index.ts';
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
  if (config.redisHost) {
    // SCALE-MODE SWITCH: Redis locks and pub/sub (host/src/coord/redis/, issue 7) plug in here.
    throw userError('invalid_config', 'REDIS_HOST is set, but Redis coordination is not available yet', 400, { field: 'REDIS_HOST' });
  }
  const bus = new MemoryBus(options);
  return { locks: new MemoryLocks(), bus, close: () => bus.close() };
}
