/**
 * Distributed locks on Redis: `SET key token NX PX ttl` to take, a compare-and-delete script to release, so a
 * holder whose ttl ran out never releases a lock another host took since. Waiters poll with a short, growing
 * interval and are woken early by a release notice on a pub/sub channel, so a lock handed over between hosts costs
 * about one round trip. Used for per-profile and per-session locks (Tracardi #652: two hosts must never create
 * two profiles for one new session).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { operationalError } from '../../errors/index.ts';
import { checkLock } from '../internal/check.ts';
import type { LockOptions, Locks } from '../port.ts';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then
  redis.call('del', KEYS[1])
  redis.call('publish', KEYS[2], KEYS[1])
  return 1
end
return 0`;

/** The Redis implementation of {@link Locks}. */
export class RedisLocks implements Locks {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #channel: string;
  readonly #wakers = new Map<string, Set<() => void>>();

  /**
   * @param redis commands connection
   * @param subscriber a connection this class may put in subscriber mode (release notices)
   * @param prefix key prefix separating installations (`tessera:staging:`)
   */
  constructor(redis: Redis, subscriber: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = `${prefix}lock:`;
    this.#channel = `${prefix}lock-released`;
    subscriber.on('message', (channel: string, key: string) => {
      if (channel !== this.#channel) return;
      for (const wake of this.#wakers.get(key) ?? []) wake();
    });
    void subscriber.subscribe(this.#channel).catch(() => undefined);
  }

  async withLock<T>(key: string, ttlMs: number, fn: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
    checkLock(key, ttlMs);
    const redisKey = this.#prefix + key;
    const token = randomUUID();
    await this.#acquire(redisKey, token, ttlMs, options.waitMs ?? 30_000, key);
    try {
      return await fn();
    } finally {
      await this.#redis.eval(RELEASE, 2, redisKey, this.#channel, token).catch(() => undefined);
    }
  }

  async #acquire(redisKey: string, token: string, ttlMs: number, waitMs: number, key: string): Promise<void> {
    const deadline = Date.now() + waitMs;
    let pause = 2;
    for (;;) {
      const taken = await this.#redis.set(redisKey, token, 'PX', ttlMs, 'NX').catch((error: unknown) => {
        throw operationalError('lock_unavailable', `the lock "${key}" is unavailable (Redis refused it; the cause is in the host log)`, 503, { key }, error);
      });
      if (taken === 'OK') return;
      const left = deadline - Date.now();
      if (left <= 0) throw operationalError('lock_timeout', `could not get the lock "${key}" within ${waitMs} ms`, 503, { key });
      await this.#sleepOrWake(redisKey, Math.min(pause, left));
      pause = Math.min(pause * 2, 50);
    }
  }

  #sleepOrWake(redisKey: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      let set = this.#wakers.get(redisKey);
      if (!set) this.#wakers.set(redisKey, (set = new Set()));
      const done = (): void => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.#wakers.get(redisKey) === set) this.#wakers.delete(redisKey);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
    });
  }
}
