/** Redis connections for scale mode: one URL format everywhere (`REDIS_HOST` = `host:port` or `redis://...`). */
import { Redis, type RedisOptions } from 'ioredis';

/** Connection options from `REDIS_HOST`. BullMQ needs `maxRetriesPerRequest: null` on the connections it blocks on. */
export function redisOptions(redisHost: string, extra: RedisOptions = {}): RedisOptions {
  const url = new URL(redisHost.includes('://') ? redisHost : `redis://${redisHost}`);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    db: Number.isInteger(db) ? db : 0,
    maxRetriesPerRequest: null,
    ...extra,
  };
}

/** A new connection to `REDIS_HOST`. */
export function connectRedis(redisHost: string, extra: RedisOptions = {}): Redis {
  return new Redis(redisOptions(redisHost, extra));
}
