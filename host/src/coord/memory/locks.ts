/**
 * In-process locks: a FIFO of waiters per key. A holder that outlives its ttl is treated like the owner of an
 * expired distributed lock: the next waiter goes ahead, so one stuck request cannot block a key forever.
 */
import { operationalError } from '../../errors/index.ts';
import { checkLock } from '../internal/check.ts';
import type { LockOptions, Locks } from '../port.ts';

interface Waiter {
  grant: () => void;
}

/** The in-process implementation of {@link Locks}. */
export class MemoryLocks implements Locks {
  /** Per held key: the queue of waiters (the holder is not in it). */
  readonly #held = new Map<string, Waiter[]>();

  async withLock<T>(key: string, ttlMs: number, fn: () => Promise<T> | T, options: LockOptions = {}): Promise<T> {
    checkLock(key, ttlMs);
    await this.#acquire(key, options.waitMs ?? 30_000);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(expiry);
      this.#release(key);
    };
    const expiry = setTimeout(release, ttlMs);
    expiry.unref();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  /** Number of keys currently held (for tests and metrics). */
  get heldKeys(): number {
    return this.#held.size;
  }

  #acquire(key: string, waitMs: number): Promise<void> {
    const queue = this.#held.get(key);
    if (!queue) {
      this.#held.set(key, []);
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        reject(operationalError('lock_timeout', `could not get the lock "${key}" within ${waitMs} ms`, 503, { key }));
      }, waitMs);
      queue.push(waiter);
    });
  }

  #release(key: string): void {
    const queue = this.#held.get(key);
    const next = queue?.shift();
    if (next) next.grant();
    else this.#held.delete(key);
  }
}
