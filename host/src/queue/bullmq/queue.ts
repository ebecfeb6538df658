/**
 * The queue port on BullMQ (scale mode). Each job name is one BullMQ queue under an installation prefix, so any
 * host can enqueue and `tessera worker` processes (or hosts) consume. A job is in Redis once `enqueue` resolves;
 * Redis persistence (AOF) decides how durable that is. Failed attempts are retried with exponential backoff
 * (`backoffMs`, doubled each time); after the last attempt — or at once for a user error, which retrying cannot
 * fix — the job stays in BullMQ's failed set: the dead-letter list, inspectable and retryable.
 */
import { randomUUID } from 'node:crypto';
import { Queue as BullQueue, UnrecoverableError, Worker as BullWorker, type Job as BullJob, type JobsOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import { isTesseraError, operationalError, userError } from '../../errors/index.ts';
import { checkJobName, describeError, normaliseEnqueue, processConcurrency, serialisePayload } from '../internal/options.ts';
import { JOB_NAMES, type DeadLetter, type EnqueueOptions, type Job, type JobCounts, type JobHandler, type JobName, type ProcessOptions, type Queue } from '../port.ts';

/** What a BullMQ job carries: our id (BullMQ ids may not contain `:`), the payload and the enqueue time. */
interface JobData {
  id: string;
  payload: unknown;
  createdAt: string;
}

/** Options of {@link BullmqQueue}. */
export interface BullmqQueueOptions {
  /** ioredis connection options (from `REDIS_HOST`). */
  connection: RedisOptions;
  /** Key prefix separating installations and data sets, e.g. `tessera:staging`. */
  prefix: string;
  /** How long `close` waits for running jobs, in ms (default 10 000); unfinished ones are retried later. */
  closeTimeoutMs?: number;
}

/** BullMQ job id for one of our ids: reversible, and never an integer or containing `:` (BullMQ refuses both). */
function bullId(id: string): string {
  return `j_${Buffer.from(id, 'utf8').toString('base64url')}`;
}

/** The BullMQ implementation of {@link Queue}. */
export class BullmqQueue implements Queue {
  readonly kind = 'bullmq';
  readonly #options: BullmqQueueOptions;
  readonly #queues = new Map<JobName, BullQueue>();
  readonly #workers = new Map<JobName, BullWorker>();
  readonly #counters = new Map<JobName, { completed: number; failed: number }>(JOB_NAMES.map((n) => [n, { completed: 0, failed: 0 }]));
  #closed: Promise<void> | null = null;

  constructor(options: BullmqQueueOptions) {
    this.#options = options;
  }

  #queue(name: JobName): BullQueue {
    let q = this.#queues.get(name);
    if (!q) {
      q = new BullQueue(name, { connection: this.#options.connection, prefix: this.#options.prefix });
      this.#queues.set(name, q);
    }
    return q;
  }

  async enqueue<P>(name: JobName, payload: P, options?: EnqueueOptions): Promise<string> {
    checkJobName(name);
    const o = normaliseEnqueue(options);
    const json = serialisePayload(payload);
    if (this.#closed) throw operationalError('queue_closed', 'the queue is closed');
    const id = o.jobId ?? randomUUID();
    const data: JobData = { id, payload: JSON.parse(json), createdAt: new Date().toISOString() };
    const opts: JobsOptions = {
      jobId: bullId(id), delay: o.delayMs, attempts: o.attempts,
      backoff: { type: 'exponential', delay: o.backoffMs },
      // Finished jobs leave Redis; failed ones stay as dead letters until retried or removed.
      removeOnComplete: true, removeOnFail: false,
    };
    try {
      // BullMQ ignores an add whose id exists (waiting, active, delayed or failed): the port's idempotency.
      await this.#queue(name).add(name, data, opts);
    } catch (error) {
      throw operationalError('queue_unavailable', `the queue could not take the ${name} job (Redis refused it; the cause is in the host log)`, 503, undefined, error);
    }
    return id;
  }

  process<P>(name: JobName, handler: JobHandler<P>, options: ProcessOptions = {}): void {
    checkJobName(name);
    if (this.#closed) throw operationalError('queue_closed', 'the queue is closed');
    if (this.#workers.has(name)) throw userError('duplicate_processor', `jobs "${name}" already have a handler`, 409);
    const concurrency = processConcurrency(options);
    const counters = this.#counters.get(name)!;
    const worker = new BullWorker(name, async (bull: BullJob<JobData>) => {
      const job: Job<P> = {
        id: bull.data.id, name, payload: bull.data.payload as P, attempt: bull.attemptsMade + 1,
        maxAttempts: bull.opts.attempts ?? 1, createdAt: bull.data.createdAt,
      };
      try {
        await handler(job);
      } catch (error) {
        // A user error will fail the same way every time: straight to the dead letters.
        if (isTesseraError(error) && error.kind === 'user') throw new UnrecoverableError(describeError(error));
        throw new Error(describeError(error), { cause: error });
      }
    }, { connection: this.#options.connection, prefix: this.#options.prefix, concurrency });
    worker.on('completed', () => { counters.completed += 1; });
    worker.on('failed', () => { counters.failed += 1; });
    // Connection trouble is retried by ioredis; the event only needs a listener so it is not an uncaught error.
    worker.on('error', () => undefined);
    this.#workers.set(name, worker);
  }

  async deadLetters(name?: JobName): Promise<DeadLetter[]> {
    if (name !== undefined) checkJobName(name);
    const names = name ? [name] : [...JOB_NAMES];
    const letters: DeadLetter[] = [];
    for (const n of names) {
      const failed = (await this.#queue(n).getFailed(0, -1)) as Array<BullJob<JobData> | undefined>;
      for (const job of failed) {
        if (!job) continue;
        letters.push({
          id: job.data.id, name: n, payload: job.data.payload, attempts: job.attemptsMade, error: job.failedReason ?? '',
          createdAt: job.data.createdAt, failedAt: new Date(job.finishedOn ?? job.timestamp).toISOString(),
        });
      }
    }
    return letters.sort((a, b) => b.failedAt.localeCompare(a.failedAt));
  }

  async retryDeadLetter(id: string): Promise<boolean> {
    if (typeof id !== 'string' || id === '') return false;
    for (const n of JOB_NAMES) {
      const job = await this.#queue(n).getJob(bullId(id));
      if (job && (await job.getState()) === 'failed') {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
        return true;
      }
    }
    return false;
  }

  async stats(): Promise<Record<JobName, JobCounts>> {
    const entries = await Promise.all(JOB_NAMES.map(async (n) => {
      const c = await this.#queue(n).getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed');
      const local = this.#counters.get(n)!;
      const counts: JobCounts = {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0), delayed: c.delayed ?? 0, active: c.active ?? 0, dead: c.failed ?? 0,
        completed: local.completed, failed: local.failed,
      };
      return [n, counts] as const;
    }));
    return Object.fromEntries(entries) as Record<JobName, JobCounts>;
  }

  close(): Promise<void> {
    this.#closed ??= (async () => {
      const timeout = this.#options.closeTimeoutMs ?? 10_000;
      await Promise.all([...this.#workers.values()].map(async (w) => {
        // Graceful first (running jobs finish); past the bound, force: BullMQ retries those jobs later.
        let timer: NodeJS.Timeout | undefined;
        const forced = new Promise<void>((resolve) => { timer = setTimeout(() => { void w.close(true).then(resolve, resolve); }, timeout); });
        await Promise.race([w.close(), forced]);
        clearTimeout(timer);
      }));
      await Promise.all([...this.#queues.values()].map((q) => q.close()));
    })();
    return this.#closed;
  }
}
