/**
 * The `segment` job: re-evaluates one segment over every live profile, page by page, and commits the membership
 * changes. Profiles that change are locked (the /track profile lock), re-read and re-evaluated under the lock, so a
 * concurrent /track never loses an update to the job or the other way round. Safe to run twice.
 */
import { userError } from '../errors/index.ts';
import { withProfileLocks } from '../merging/internal/locks.ts';
import type { Job } from '../queue/index.ts';
import type { Services } from '../services.ts';
import type { Profile } from '../storage/index.ts';
import { applySegments, type CompiledSegment } from './internal/compile.ts';
import type { Segment } from './segment.schema.ts';
import { compileStored } from './service.ts';

/** What a segment job carries. */
export interface SegmentJobPayload {
  /** The segment to evaluate (when it no longer exists, only `strip` applies). */
  segmentId: string;
  /** Names every profile loses (a renamed or deleted segment's old name). */
  strip?: string[];
}

/** Profiles read per page. */
const PAGE = 500;
/** Changed profiles committed (and locked) together. */
const CHUNK = 50;

/** What a run changed. */
export interface SegmentRunResult {
  scanned: number;
  changed: number;
}

/**
 * Starting a second after the change lets near-real-time engines (Elasticsearch refreshes every second) make the
 * profiles other hosts stored just before searchable, so the scan does not miss them.
 */
const START_DELAY_MS = 1000;

/** Enqueues a batch evaluation of a segment. */
export function enqueueSegmentRun(services: Pick<Services, 'queue'>, payload: SegmentJobPayload): Promise<string> {
  return services.queue.enqueue('segment', payload, { attempts: 3, backoffMs: 2000, delayMs: START_DELAY_MS });
}

async function commitChanged(services: Services, ids: readonly string[], segments: CompiledSegment[], strip: readonly string[]): Promise<number> {
  return withProfileLocks(services.locks, ids, async () => {
    const now = new Date().toISOString();
    const fresh = await services.store.profiles.getMany(ids);
    const changed: Profile[] = [];
    for (const p of fresh) {
      if (p.mergedInto) continue;
      const next = applySegments(p, segments, strip);
      if (next) changed.push({ ...p, segments: next, updatedAt: now, version: p.version + 1 });
    }
    if (changed.length > 0) await services.store.commit({ profiles: changed });
    return changed.length;
  });
}

/** Runs one segment over all live profiles. */
export async function runSegment(services: Services, payload: SegmentJobPayload): Promise<SegmentRunResult> {
  const stored = await services.store.config<Segment>('segments').get(payload.segmentId);
  const compiled = stored && stored.enabled ? compileStored(stored) : null;
  const segments = compiled ? [compiled] : [];
  const strip = (payload.strip ?? []).filter((n) => n !== compiled?.name);
  if (segments.length === 0 && strip.length === 0) return { scanned: 0, changed: 0 };
  let scanned = 0;
  let changed = 0;
  let cursor: string | null = null;
  do {
    const page = await services.store.profiles.search({ filters: [{ field: 'mergedInto', op: 'exists', value: false }], limit: PAGE, cursor });
    scanned += page.items.length;
    const dirty = page.items.filter((p) => applySegments(p, segments, strip) !== null).map((p) => p.id);
    for (let i = 0; i < dirty.length; i += CHUNK) changed += await commitChanged(services, dirty.slice(i, i + CHUNK), segments, strip);
    cursor = page.next;
  } while (cursor);
  return { scanned, changed };
}

/** The handler. A malformed payload fails as a user error (dead letter, no retries). */
export function segmentJobHandler(services: Services) {
  return async (job: Job<SegmentJobPayload>): Promise<void> => {
    const p = job.payload as unknown as Record<string, unknown> | null;
    if (!p || typeof p.segmentId !== 'string' || (p.strip !== undefined && !(Array.isArray(p.strip) && p.strip.every((s) => typeof s === 'string')))) {
      throw userError('invalid_job_payload', 'a segment job needs { segmentId: string, strip?: string[] }', 422);
    }
    const result = await runSegment(services, job.payload);
    services.log.info({ job: job.id, segment: job.payload.segmentId, ...result }, 'segment evaluated');
  };
}
