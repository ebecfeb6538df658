/**
 * Coordination ports: locks and a publish/subscribe bus. In-process implementations serve a single host; scale
 * mode backs the same interfaces with Redis so several hosts coordinate. Both pass `contract.ts`.
 */

/** Options of {@link Locks.withLock}. */
export interface LockOptions {
  /** Give up waiting after this many ms with `lock_timeout` (503). Default 30 000. */
  waitMs?: number;
}

/**
 * Mutual exclusion by key, e.g. `profile:<id>` or `session:<id>` so two requests for one new session never create
 * two profiles (Tracardi #652).
 */
export interface Locks {
  /**
   * Runs `fn` while holding the lock on `key` and returns its result. Waiters are served in arrival order.
   * `ttlMs` bounds how long the lock protects: a holder still running after it loses the lock (as with a
   * distributed lock whose owner died), so keep `fn` well under it.
   */
  withLock<T>(key: string, ttlMs: number, fn: () => Promise<T> | T, options?: LockOptions): Promise<T>;
}

/** Receives one message of a channel. Errors thrown here are reported, never passed to the publisher. */
export type BusHandler = (message: unknown) => void | Promise<void>;

/** Stops a subscription. */
export type Unsubscribe = () => Promise<void>;

/**
 * Fire-and-forget messages between the hosts of one installation (e.g. cache invalidation: "source X changed").
 * Messages are JSON values; every subscriber of a channel gets each message published after it subscribed,
 * including subscribers in the publishing process. Delivery is at most once: nothing is stored.
 */
export interface Bus {
  /** Sends a JSON message to every subscriber of `channel`. */
  publish(channel: string, message: unknown): Promise<void>;
  /** Calls `handler` for each message on `channel` until the returned function is called. */
  subscribe(channel: string, handler: BusHandler): Promise<Unsubscribe>;
  /** Drops every subscription and releases the connection. Safe to call twice. */
  close(): Promise<void>;
}
