/** Messages between the store (main thread) and its writer thread. */
import type { MessagePort } from 'node:worker_threads';
import type { SqliteDatabase } from '../database.ts';
import type { CommitStats } from '../internal/run-group.ts';

/** What the writer thread is started with. */
export interface WriterData {
  file: string;
  /** The port the writer receives submissions on and answers through (its own channel, so it can drain it). */
  port: MessagePort;
  /** URL of the module whose `createApplier` turns operations into SQL on the writer's connection. */
  applier: string;
  /** Its channel to a checkpoint thread (`checkpointer.ts`); without one, the writer checkpoints on its own thread. */
  checkpointer?: MessagePort;
  /** The WAL write-coalescing extension to load before opening the connection (`internal/wal-coalesce.ts`). */
  walCoalesce?: string;
}

/** Whether a connection writes its WAL through the coalescing VFS, and if not, why. */
export interface WalCoalesceStatus {
  active: boolean;
  reason?: string;
}

/** What the checkpoint thread is started with: the database file and its channel to the writer thread. */
export interface CheckpointerData {
  file: string;
  port: MessagePort;
}

/** Writer → checkpoint thread: copy the WAL into the database file now. */
export type ToCheckpointer = 'checkpoint';

/** Checkpoint thread → writer: that checkpoint is over (done, or not possible now). */
export type FromCheckpointer = 'checkpointed';

/** Applies one submission's operations inside the transaction the writer manages; returns the submission's result. */
export interface Applier {
  apply(ops: readonly unknown[]): unknown;
}

/** The shape of an applier module. */
export interface ApplierModule {
  createApplier(db: SqliteDatabase): Applier;
  /** Decodes an `encoded` group (the writer's `encode` option on the main thread wrote it). */
  decodeSubmissions?(buffer: ArrayBuffer): Submission[];
}

/** A submission: operations committed together, and the sequence number its result comes back under. */
export interface Submission {
  seq: number;
  ops: readonly unknown[];
}

/** An error as it crosses the thread boundary (Error subclasses and their `code` do not survive cloning). */
export interface WireError {
  message: string;
  code?: string;
}

/**
 * The results of one group, as flat lists (cheaper to clone than an object per submission): the submission with
 * `seqs[i]` resulted in `values[i]`, or failed with `errors[i]` when `errors` is present and that entry is not null.
 */
export interface GroupResults {
  seqs: number[];
  values: unknown[];
  errors: Array<WireError | null> | null;
}

/** Main → writer: submissions as objects (cloned), or `encoded` into a transferred buffer (see the applier module). */
export type ToWriter = { type: 'group'; items: Submission[] } | { type: 'encoded'; buffer: ArrayBuffer } | { type: 'close' };

/** Writer → main. */
export type FromWriter =
  /** `walCoalesce`: whether the connection writes its WAL through the coalescing VFS, or why not. */
  | { type: 'ready'; walCoalesce: WalCoalesceStatus }
  | { type: 'failed'; error: WireError }
  | ({ type: 'done'; stats: CommitStats } & GroupResults)
  | { type: 'closed' };
