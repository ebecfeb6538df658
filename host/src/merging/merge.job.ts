/** The `merge` background job: merges the profiles a /track found sharing identification values (or listed ids). */
import { createHash } from 'node:crypto';
import { userError } from '../errors/index.ts';
import type { Job } from '../queue/index.ts';
import type { Services } from '../services.ts';
import { mergeProfiles, type MergeRequest } from './merge.ts';

/** What a merge job carries. */
export interface MergeJobPayload {
  /** Profile ids that belong together. */
  ids: string[];
  /** Identification ids they share. */
  keys?: string[];
  /** The profile that must survive (a cross-domain pass: the passed profile); otherwise the oldest survives. */
  survivorId?: string;
  /** Why it was enqueued (`identification`, ...), for the job list. */
  reason?: string;
}

function isStringList(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string' && x.length > 0);
}

/** Enqueues a merge; one waiting job per group of ids (the queue's idempotency key). */
export function enqueueMerge(services: Pick<Services, 'queue'>, payload: MergeJobPayload): Promise<string> {
  const group = [...new Set(payload.ids)].sort().join('\n');
  const jobId = `merge-${createHash('sha256').update(group).digest('hex').slice(0, 32)}`;
  return services.queue.enqueue('merge', payload, { jobId, attempts: 5, backoffMs: 1000 });
}

/** The handler: merges, logs what it did. A malformed payload fails as a user error (dead letter, no retries). */
export function mergeJobHandler(services: Services) {
  return async (job: Job<MergeJobPayload>): Promise<void> => {
    const p = job.payload as unknown as Record<string, unknown> | null;
    if (!p || !isStringList(p.ids) || (p.keys !== undefined && !isStringList(p.keys)) || (p.survivorId !== undefined && (typeof p.survivorId !== 'string' || p.survivorId === ''))) {
      throw userError('invalid_job_payload', 'a merge job needs { ids: string[], keys?: string[], survivorId?: string }', 422);
    }
    const request: MergeRequest = { ids: p.ids, keys: p.keys as string[] | undefined };
    if (typeof p.survivorId === 'string') request.survivorId = p.survivorId;
    const outcome = await mergeProfiles(services, request);
    if (outcome.merged.length > 0) {
      services.log.info({ job: job.id, survivor: outcome.survivor?.id, merged: outcome.merged, sessions: outcome.sessions, conflicts: outcome.conflicts.map((c) => c.field) }, 'profiles merged');
    }
  };
}
