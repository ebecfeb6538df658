/**
 * The queue port: background jobs (merging, segmentation, scheduled events, import, destination dispatch).
 * The embedded implementation keeps jobs in the SQLite file; scale mode backs the same interface with BullMQ on
 * Redis. Both pass `contract.ts`.
 */

/** Closed list of job names. Adding one is a code change; processing an unknown name fails at start-up. */
export const JOB_NAMES = ['merge', 'segment', 'scheduled-event', 'import', 'dispatch'] as const;
/** A job name. */
export type JobName = (typeof JOB_NAMES)[number];

/** Options of {@link Queue.enqueue}. */
export interface EnqueueOptions {
  /** Run no earlier than this many ms from now (default 0). */
  delayMs?: number;
  /** How many times the job may run before it becomes a dead letter (default 3). */
  attempts?: number;
  /** Wait before the first retry, doubled for each further one (default 1000 ms). */
  backoffMs?: number;
  /** Idempotency key: while a job with this id exists (waiting, running or dead), enqueueing it again adds nothing. */
  jobId?: string;
}

/** A job as a handler sees it. */
export interface Job<P = unknown> {
  id: string;
  name: JobName;
  payload: P;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  maxAttempts: number;
  /** ISO time the job was enqueued. */
  createdAt: string;
}

/** Does the work of one job; throwing (or rejecting) fails this attempt. */
export type JobHandler<P = unknown> = (job: Job<P>) => Promise<void> | void;

/** Options of {@link Queue.process}. */
export interface ProcessOptions {
  /** Jobs of this name run at most this many at a time (default 1). */
  concurrency?: number;
}

/** A job that failed its last attempt, kept for inspection and manual retry. */
export interface DeadLetter {
  id: string;
  name: JobName;
  payload: unknown;
  /** Attempts made. */
  attempts: number;
  /** The last error's message (prefixed with its code for Tessera errors). */
  error: string;
  createdAt: string;
  failedAt: string;
}

/** Counts for one job name. `completed`/`failed` count since this process started; the rest are current. */
export interface JobCounts {
  waiting: number;
  delayed: number;
  active: number;
  dead: number;
  completed: number;
  failed: number;
}

/** The queue port. Created once at start-up and injected. */
export interface Queue {
  /** Adapter name, e.g. `embedded` or `bullmq`. */
  readonly kind: string;
  /** Durably stores a job (it survives a restart once this resolves) and returns its id. */
  enqueue<P>(name: JobName, payload: P, options?: EnqueueOptions): Promise<string>;
  /** Starts running jobs of `name` with `handler`. One handler per name per queue instance. */
  process<P>(name: JobName, handler: JobHandler<P>, options?: ProcessOptions): void;
  /** Dead letters, newest first, optionally of one name. */
  deadLetters(name?: JobName): Promise<DeadLetter[]>;
  /** Moves a dead letter back to waiting with fresh attempts; false when there is no such dead letter. */
  retryDeadLetter(id: string): Promise<boolean>;
  /** Counts per job name. */
  stats(): Promise<Record<JobName, JobCounts>>;
  /** Stops taking jobs, waits for running ones (bounded), releases the engine. Safe to call twice. */
  close(): Promise<void>;
}
