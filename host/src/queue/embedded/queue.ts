/**
 * The embedded durable queue: jobs live in the `jobs` table of the SQLite file, written (group-committed, fsynced)
 * before `enqueue` resolves, so they survive restarts and crashes. Failed attempts are retried with exponential
 * backoff; after the last attempt — or at once for a user error, which retrying cannot fix — a job becomes a dead
 * letter that stays until it is retried by hand.
 *
 * One process runs the jobs of a file (the host); other processes (CLI commands) may open it to enqueue only.
 */
import { randomUUID } from 'node:crypto';
import { isTesseraError, operationalError, userError } from '../../errors/index.ts';
import { openSqlite, SqliteWriter, type SqliteDatabase } from '../../storage/sqlite/index.ts';
import type { QueueOp } from './applier.ts';
import { checkJobName, describeError, normaliseEnqueue, processConcurrency, retryDelay, serialisePayload } from '../internal/options.ts';
import { JOB_NAMES, type DeadLetter, type EnqueueOptions, type Job, type JobCounts, type JobHandler, type JobName, type ProcessOptions, type Queue } from '../port.ts';
import { prepareQueueStatements, type JobRow, type QueueStatements } from './statements.ts';

/** Options of the embedded queue. */
export interface EmbeddedQueueOptions {
  /** Longest wait between looks for due jobs (they may be enqueued by another process), in ms (default 1000). */
  maxIdleMs?: number;
  /** How long `close` waits for running jobs, in ms (default 10 000); unfinished ones rerun after restart. */
  closeTimeoutMs?: number;
}

interface Worker {
  handler: JobHandler<unknown>;
  concurrency: number;
  running: number;
}

function toDeadLetter(row: JobRow): DeadLetter {
  return {
    id: row.id, name: row.name as JobName, payload: JSON.parse(row.payload), attempts: row.attempts_made,
    error: row.last_error ?? '', createdAt: new Date(row.created_at).toISOString(), failedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The embedded implementation of {@link Queue}. */
export class EmbeddedQueue implements Queue {
  readonly kind = 'embedded';
  readonly #db: SqliteDatabase;
  readonly #sql: QueueStatements;
  readonly #writer: SqliteWriter<QueueOp>;
  readonly #workers = new Map<JobName, Worker>();
  readonly #running = new Set<Promise<void>>();
  readonly #counters = new Map<JobName, { completed: number; failed: number }>(JOB_NAMES.map((n) => [n, { completed: 0, failed: 0 }]));
  readonly #maxIdleMs: number;
  readonly #closeTimeoutMs: number;
  #timer: NodeJS.Timeout | null = null;
  #pumping = false;
  /** Settles once jobs cut off by a previous run are back to waiting (claims wait for it). */
  #recovered: Promise<void> = Promise.resolve();
  #pumpAgain = false;
  #closed = false;

  constructor(db: SqliteDatabase, writer: SqliteWriter<QueueOp>, options: EmbeddedQueueOptions = {}) {
    this.#db = db;
    this.#sql = prepareQueueStatements(db);
    this.#writer = writer;
    this.#maxIdleMs = options.maxIdleMs ?? 1000;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 10_000;
  }

  async enqueue<P>(name: JobName, payload: P, options?: EnqueueOptions): Promise<string> {
    checkJobName(name);
    const o = normaliseEnqueue(options);
    const json = serialisePayload(payload);
    const id = o.jobId ?? randomUUID();
    const now = Date.now();
    await this.#writer.submit([{ op: 'insert', id, name, payload: json, attempts: o.attempts, backoffMs: o.backoffMs, runAt: now + o.delayMs, now }]);
    this.#wake();
    return id;
  }

  process<P>(name: JobName, handler: JobHandler<P>, options: ProcessOptions = {}): void {
    checkJobName(name);
    if (this.#closed) throw operationalError('queue_closed', 'the queue is closed');
    if (this.#workers.has(name)) throw userError('duplicate_processor', `jobs "${name}" already have a handler`, 409);
    const concurrency = processConcurrency(options);
    // Jobs left active were cut off by a crash or kill of the (single) processing instance. Recover them when this
    // instance starts processing, not on open: an enqueue-only client (a CLI command) must not steal running jobs.
    if (this.#workers.size === 0) this.#recovered = this.#writer.submit([{ op: 'recover', now: Date.now() }]).then(() => undefined, () => undefined);
    this.#workers.set(name, { handler: handler as JobHandler<unknown>, concurrency, running: 0 });
    this.#wake();
  }

  async deadLetters(name?: JobName): Promise<DeadLetter[]> {
    if (name !== undefined) checkJobName(name);
    const rows = (name === undefined ? this.#sql.dead.all() : this.#sql.deadOf.all(name)) as JobRow[];
    return rows.map(toDeadLetter);
  }

  async retryDeadLetter(id: string): Promise<boolean> {
    const now = Date.now();
    const revived = (await this.#writer.submit([{ op: 'revive', id, now }])) as boolean;
    if (revived) this.#wake();
    return revived;
  }

  async stats(): Promise<Record<JobName, JobCounts>> {
    const out = Object.fromEntries(JOB_NAMES.map((n) => [n, { waiting: 0, delayed: 0, active: 0, dead: 0, ...this.#counters.get(n)! }])) as Record<JobName, JobCounts>;
    for (const row of this.#sql.counts.all(Date.now()) as { name: JobName; state: JobRow['state']; delayed: number; n: number }[]) {
      const counts = out[row.name];
      if (!counts) continue;
      if (row.state === 'waiting') counts[row.delayed ? 'delayed' : 'waiting'] += row.n;
      else counts[row.state] += row.n;
    }
    return out;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#running]),
      new Promise((resolve) => { timeout = setTimeout(resolve, this.#closeTimeoutMs); }),
    ]);
    clearTimeout(timeout);
    try {
      await this.#writer.close();
    } finally {
      this.#db.close();
    }
  }

  /** Looks for due jobs soon (coalesced). */
  #wake(): void {
    if (this.#closed) return;
    if (this.#pumping) {
      this.#pumpAgain = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#pump(), 0);
  }

  async #pump(): Promise<void> {
    this.#timer = null;
    if (this.#closed || this.#pumping) return;
    this.#pumping = true;
    try {
      await this.#recovered;
      do {
        this.#pumpAgain = false;
        for (const [name, worker] of this.#workers) {
          const free = worker.concurrency - worker.running;
          if (free <= 0 || this.#closed) continue;
          const now = Date.now();
          const rows = (await this.#writer.submit([{ op: 'claim', name, now, limit: free }])) as JobRow[];
          for (const row of rows) this.#start(row, worker);
        }
      } while (this.#pumpAgain && !this.#closed);
    } catch {
      // The engine failed (or closed) while claiming; the timer below tries again.
    } finally {
      this.#pumping = false;
    }
    this.#scheduleNext();
  }

  #scheduleNext(): void {
    if (this.#closed || this.#workers.size === 0 || this.#timer) return;
    let next: number | null = null;
    try {
      next = this.#sql.nextDue.get(JSON.stringify([...this.#workers.keys()])) as number | null;
    } catch {
      next = null;
    }
    const wait = next === null ? this.#maxIdleMs : Math.min(this.#maxIdleMs, Math.max(5, next - Date.now()));
    this.#timer = setTimeout(() => void this.#pump(), wait);
    this.#timer.unref();
  }

  #start(row: JobRow, worker: Worker): void {
    worker.running += 1;
    const job: Job = {
      id: row.id, name: row.name as JobName, payload: JSON.parse(row.payload), attempt: row.attempts_made,
      maxAttempts: row.max_attempts, createdAt: new Date(row.created_at).toISOString(),
    };
    const run: Promise<void> = this.#execute(job, worker.handler, row).finally(() => {
      worker.running -= 1;
      this.#running.delete(run);
      this.#wake();
    });
    this.#running.add(run);
  }

  async #execute(job: Job, handler: JobHandler<unknown>, row: JobRow): Promise<void> {
    try {
      await handler(job);
      await this.#writer.submit([{ op: 'complete', id: row.id }]);
      this.#counters.get(job.name)!.completed += 1;
    } catch (error) {
      this.#counters.get(job.name)!.failed += 1;
      await this.#fail(row, error).catch(() => undefined);
    }
  }

  #fail(row: JobRow, error: unknown): Promise<unknown> {
    const now = Date.now();
    const message = describeError(error).slice(0, 4000);
    // A user error (bad payload) fails the same way every time: retrying only delays the dead letter.
    const permanent = isTesseraError(error) && error.kind === 'user';
    if (permanent || row.attempts_made >= row.max_attempts) {
      return this.#writer.submit([{ op: 'bury', id: row.id, now, error: message }]);
    }
    return this.#writer.submit([{ op: 'retry', id: row.id, runAt: now + retryDelay(row.backoff_ms, row.attempts_made), now, error: message }]);
  }
}

/** Opens (creating and migrating if needed) the embedded queue on a SQLite file. */
export async function createEmbeddedQueue(file: string, options: EmbeddedQueueOptions = {}): Promise<EmbeddedQueue> {
  const db = await openSqlite(file);
  try {
    // Writes (enqueue, claim, complete, retry) commit on a writer thread; reads (stats, dead letters) stay here.
    return new EmbeddedQueue(db, await SqliteWriter.start<QueueOp>(file, { applier: new URL('./applier.ts', import.meta.url) }), options);
  } catch (error) {
    db.close();
    throw error;
  }
}
