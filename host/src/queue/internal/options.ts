/** Validation of queue arguments shared by every queue implementation. */
import { isTesseraError, unexpectedError, userError } from '../../errors/index.ts';
import { JOB_NAMES, type EnqueueOptions, type JobName, type ProcessOptions } from '../port.ts';

/** Defaults of {@link EnqueueOptions}. */
export const ENQUEUE_DEFAULTS = { attempts: 3, backoffMs: 1000, delayMs: 0 } as const;

/** Throws `unknown_job` when `name` is not in JOB_NAMES: a programming error, caught at start-up. */
export function checkJobName(name: string): asserts name is JobName {
  if (!(JOB_NAMES as readonly string[]).includes(name)) {
    throw unexpectedError('unknown_job', `"${name}" is not a job name (${JOB_NAMES.join(', ')})`);
  }
}

/** Enqueue options with defaults applied; throws `invalid_job` naming the bad option. */
export function normaliseEnqueue(options: EnqueueOptions = {}): Required<Omit<EnqueueOptions, 'jobId'>> & { jobId?: string } {
  const int = (key: 'attempts' | 'backoffMs' | 'delayMs', min: number, max: number): number => {
    const value = options[key] ?? ENQUEUE_DEFAULTS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw userError('invalid_job', `${key} must be an integer from ${min} to ${max}`, 400, { field: key });
    }
    return value;
  };
  const { jobId } = options;
  if (jobId !== undefined && (typeof jobId !== 'string' || jobId.length === 0 || jobId.length > 512)) {
    throw userError('invalid_job', 'jobId must be a non-empty string of at most 512 characters', 400, { field: 'jobId' });
  }
  return {
    attempts: int('attempts', 1, 100),
    backoffMs: int('backoffMs', 0, 86_400_000),
    delayMs: int('delayMs', 0, 366 * 86_400_000),
    ...(jobId === undefined ? {} : { jobId }),
  };
}

/** The handler concurrency of {@link ProcessOptions} (default 1); throws `invalid_job` when it is not 1 to 1000. */
export function processConcurrency(options: ProcessOptions): number {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1000) {
    throw userError('invalid_job', 'concurrency must be an integer from 1 to 1000', 400, { field: 'concurrency' });
  }
  return concurrency;
}

/** The payload as JSON; throws `invalid_job` when it cannot be serialised. */
export function serialisePayload(payload: unknown): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch {
    json = undefined;
  }
  if (json === undefined) throw userError('invalid_job', 'payload must be JSON-serialisable', 400, { field: 'payload' });
  return json;
}

/** The delay before retry number `attempt` (1-based count of attempts already made): backoff doubled each time. */
export function retryDelay(backoffMs: number, attemptsMade: number): number {
  return backoffMs * 2 ** Math.max(0, attemptsMade - 1);
}

/** The failure text kept on a job (dead letters, the jobs screen): `code: message` for our errors, the message otherwise. */
export function describeError(error: unknown): string {
  if (isTesseraError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
