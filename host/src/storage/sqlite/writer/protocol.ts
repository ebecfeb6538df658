/** Messages between the store (main thread) and its writer thread. */
import type { CommitStats } from '../internal/run-group.ts';
import type { WriteOp } from '../internal/write-ops.ts';

/** A submission: operations committed together, and the sequence number its result comes back under. */
export interface Submission {
  seq: number;
  ops: readonly WriteOp[];
}

/** An error as it crosses the thread boundary (Error subclasses and their `code` do not survive cloning). */
export interface WireError {
  message: string;
  code?: string;
}

/** The result of one submission. */
export type SubmissionResult = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: WireError };

/** Main → writer. */
export type ToWriter = { type: 'group'; items: Submission[] } | { type: 'close' };

/** Writer → main. */
export type FromWriter =
  | { type: 'ready' }
  | { type: 'failed'; error: WireError }
  | { type: 'done'; results: SubmissionResult[]; stats: CommitStats }
  | { type: 'closed' };
