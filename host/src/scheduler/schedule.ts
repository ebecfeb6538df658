/**
 * Scheduling one event: the request (from a flow's `schedule` port or from an operator) is checked, recorded as
 * pending in the `scheduled-events` configuration, and enqueued as a delayed `scheduled-event` job. The record is
 * what `GET /api/scheduled-events` lists and what cancelling deletes; the job does the work when due (both queues
 * keep delayed jobs durably, so a restart loses nothing).
 */
import { userError } from '../errors/index.ts';
import { normaliseEventType, uuidv7 } from '../pipeline/stages/ids.ts';
import type { Services } from '../services.ts';
import type { OutboxJob } from '../storage/index.ts';
import { MAX_DELAY_SECONDS, type ScheduledEvent, type ScheduleOrigin } from './scheduled.schema.ts';

/** How many scheduled events may lead to one another (a flow on a scheduled event scheduling the next, ...). */
export const MAX_SCHEDULE_DEPTH = 5;
/** Largest JSON size of a scheduled event's properties. */
export const MAX_SCHEDULED_PROPERTIES_BYTES = 64 * 1024;
/** How far in the past an `at` may be (clock skew) before it is refused instead of firing at once. */
const PAST_TOLERANCE_MS = 60_000;

/** What to inject and when, after checking. */
export interface CheckedSchedule {
  eventType: string;
  dueAtMs: number;
  properties: Record<string, unknown>;
}

/** The pending records. */
export function scheduledEvents(services: Pick<Services, 'store'>) {
  return services.store.config<ScheduledEvent>('scheduled-events');
}

function invalid(field: string, message: string) {
  return userError('invalid_schedule', `${field}: ${message}`, 422, { fields: [{ in: 'body', path: field, message }] });
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a schedule request `{type | eventType, delaySeconds | at, properties?}` — the shape a plugin sends out of
 * the `schedule` port, or an operator's body — and throws `invalid_schedule` (422) naming the field.
 */
export function checkSchedule(raw: unknown, now = Date.now()): CheckedSchedule {
  if (!isPlain(raw)) throw invalid('schedule', 'must be an object {type, delaySeconds | at, properties}');
  const typeField = raw.eventType !== undefined ? 'eventType' : 'type';
  const type = raw[typeField];
  if (typeof type !== 'string' || type.trim() === '' || type.length > 200) throw invalid(typeField, 'must be a non-empty string of at most 200 characters');
  const eventType = normaliseEventType(type);
  if (eventType.startsWith('@')) throw invalid(typeField, 'event types starting with @ are internal');
  const properties = raw.properties ?? {};
  if (!isPlain(properties)) throw invalid('properties', 'must be an object');
  if (JSON.stringify(properties).length > MAX_SCHEDULED_PROPERTIES_BYTES) throw invalid('properties', `must be at most ${MAX_SCHEDULED_PROPERTIES_BYTES} bytes of JSON`);
  const hasDelay = raw.delaySeconds !== undefined;
  const hasAt = raw.at !== undefined;
  if (hasDelay === hasAt) throw invalid(hasDelay ? 'at' : 'delaySeconds', 'give exactly one of delaySeconds or at');
  let dueAtMs: number;
  if (hasDelay) {
    const d = raw.delaySeconds;
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > MAX_DELAY_SECONDS) throw invalid('delaySeconds', `must be an integer from 1 to ${MAX_DELAY_SECONDS}`);
    dueAtMs = now + d * 1000;
  } else {
    const at = typeof raw.at === 'string' ? Date.parse(raw.at) : NaN;
    if (Number.isNaN(at)) throw invalid('at', 'must be an ISO date or time');
    if (at < now - PAST_TOLERANCE_MS) throw invalid('at', `${new Date(at).toISOString()} is in the past`);
    if (at > now + MAX_DELAY_SECONDS * 1000) throw invalid('at', 'must be within a year from now');
    dueAtMs = Math.max(at, now);
  }
  return { eventType, dueAtMs, properties };
}

/** Where a checked schedule goes: which profile and session, how deep in a chain, who asked. */
export interface ScheduleTarget {
  profileId: string;
  sessionId: string | null;
  depth: number;
  origin: ScheduleOrigin;
}

/** The pending record of one scheduled event and its delayed job (id = the queue's jobId). */
function planSchedule(checked: CheckedSchedule, target: ScheduleTarget): { record: ScheduledEvent; job: OutboxJob & { options: { delayMs: number } } } {
  if (target.depth > MAX_SCHEDULE_DEPTH) {
    throw userError('schedule_depth_exceeded', `a chain of scheduled events may be at most ${MAX_SCHEDULE_DEPTH} deep; this one would be ${target.depth}`, 422);
  }
  const now = Date.now();
  const record: ScheduledEvent = {
    id: uuidv7(), eventType: checked.eventType, properties: checked.properties, profileId: target.profileId, sessionId: target.sessionId,
    dueAt: new Date(checked.dueAtMs).toISOString(), createdAt: new Date(now).toISOString(), depth: target.depth, origin: target.origin,
  };
  const job = { id: `sched-${record.id}`, name: 'scheduled-event' as const, payload: record, options: { delayMs: Math.max(0, checked.dueAtMs - now), attempts: 3, backoffMs: 5000 } };
  return { record, job };
}

/**
 * Records one scheduled event and returns its job for the caller's write batch (the /track outbox), with an undo
 * that deletes the record when that batch is not committed (a record without a job would stay pending forever).
 */
export async function recordScheduledEvent(services: Pick<Services, 'store'>, checked: CheckedSchedule, target: ScheduleTarget): Promise<{ record: ScheduledEvent; job: OutboxJob; undo: () => Promise<unknown> }> {
  const { record, job } = planSchedule(checked, target);
  const pending = scheduledEvents(services);
  await pending.put(record);
  return { record, job, undo: () => pending.delete(record.id) };
}

/** Records and enqueues one scheduled event; returns the pending record. */
export async function scheduleEvent(services: Pick<Services, 'store' | 'queue'>, checked: CheckedSchedule, target: ScheduleTarget): Promise<ScheduledEvent> {
  const { record, job } = planSchedule(checked, target);
  const pending = scheduledEvents(services);
  await pending.put(record);
  try {
    await services.queue.enqueue('scheduled-event', record, { ...job.options, jobId: job.id });
  } catch (err) {
    // Nothing half-written: a record without a job would be listed as pending forever.
    await pending.delete(record.id).catch(() => undefined);
    throw err;
  }
  return record;
}
