/**
 * The outbox relay: moves jobs committed with write batches (`WriteBatch.jobs`, the store's outbox) to the queue,
 * then removes them from the outbox. A job is enqueued with `jobId = outbox id`, so a relay that stops after
 * enqueueing but before removing the entry enqueues nothing new when it (or another host's relay) runs again: both
 * queues ignore an id they still hold. One relay runs at a time per store, under a coordination lock; runs happen
 * right after commits (`kick`), every `intervalMs`, and at start-up (jobs left by a crash).
 */
import type { Locks } from '../coord/port.ts';
import type { Store } from '../storage/port.ts';
import type { Queue } from './port.ts';

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  /** How often the outbox is scanned without a kick (default 5 s): jobs a crashed host left behind. */
  intervalMs?: number;
  /** Entries read per round (default 200). */
  batchSize?: number;
  /** Called when a run fails (the entries stay and are retried by the next run). */
  onError?: (error: unknown) => void;
}

/** How long one relay run may hold the lock; a run moves at most MAX_PER_RUN entries, far below it. */
const LOCK_TTL_MS = 30_000;
const MAX_PER_RUN = 5_000;

/**
 * The lock key of a store's relay: one relay per outbox (per data set) at a time, across hosts. Installations that
 * share a Redis but not a data set (staging and production indices, tests) never wait on each other.
 */
export function outboxLockKey(store: Pick<Store, 'outbox'>): string {
  return `outbox-relay:${store.outbox.scope}`;
}

/** Moves outbox entries to the queue. */
export class OutboxRelay {
  readonly #store: Store;
  readonly #queue: Queue;
  readonly #locks: Locks;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<number> | null = null;
  #again = false;
  #stopped = false;

  constructor(store: Store, queue: Queue, locks: Locks, options: OutboxRelayOptions = {}) {
    this.#store = store;
    this.#queue = queue;
    this.#locks = locks;
    this.#intervalMs = options.intervalMs ?? 5_000;
    this.#batchSize = options.batchSize ?? 200;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Runs once now (what a previous process left) and then every `intervalMs`. */
  start(): void {
    if (this.#timer || this.#stopped) return;
    this.kick();
    this.#timer = setInterval(() => this.kick(), this.#intervalMs);
    this.#timer.unref();
  }

  /** Asks for a run soon (after a commit that wrote jobs); kicks during a run coalesce into one more run. */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    void this.#loop();
  }

  /** Waits until no run is in progress or pending (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running.catch(() => undefined);
  }

  /**
   * One run: under the relay lock, enqueues waiting entries (jobId = entry id) and removes them, batch by batch.
   * Returns how many entries it moved.
   */
  relayOnce(): Promise<number> {
    return this.#locks.withLock(outboxLockKey(this.#store), LOCK_TTL_MS, async () => {
      let moved = 0;
      while (moved < MAX_PER_RUN && !this.#stopped) {
        const jobs = await this.#store.outbox.pending(this.#batchSize);
        if (jobs.length === 0) break;
        for (const job of jobs) {
          await this.#queue.enqueue(job.name, job.payload, { ...job.options, jobId: job.id });
        }
        await this.#store.outbox.remove(jobs.map((j) => j.id));
        moved += jobs.length;
        if (jobs.length < this.#batchSize) break;
      }
      return moved;
    });
  }

  /** Stops the timer and waits for a run in progress. Safe to call twice. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    await this.idle();
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false;
      this.#running = this.relayOnce();
      try {
        await this.#running;
      } catch (error) {
        this.#onError(error);
      }
    } while (this.#again && !this.#stopped);
    this.#running = null;
  }
}
