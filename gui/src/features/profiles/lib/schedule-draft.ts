import type { ScheduleInput } from '../../../api/index.ts';

/** Units the delay is typed in. */
export const DELAY_UNITS = [
  { label: 'seconds', value: 1 }, { label: 'minutes', value: 60 }, { label: 'hours', value: 3600 }, { label: 'days', value: 86_400 },
] as const;

/** What the schedule-event form edits. */
export interface ScheduleDraft {
  eventType: string;
  /** `delay`: after `delay × unit` seconds; `at`: at the epoch milliseconds `at`. */
  when: 'delay' | 'at';
  delay: number | null;
  unit: number;
  at: number | null;
  sessionId: string | null;
  /** JSON text of the event's properties; empty for none. */
  properties: string;
}

/** A blank form: in one hour, no properties, the profile's last session. */
export function blankSchedule(): ScheduleDraft {
  return { eventType: '', when: 'delay', delay: 1, unit: 3600, at: null, sessionId: null, properties: '' };
}

/** Checks before asking the API, keyed like the API's field paths; `now` for the past-time check. */
export function scheduleProblems(d: ScheduleDraft, now = Date.now()): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.eventType.trim()) out.eventType = 'Which event type should fire? e.g. reminder';
  if (d.when === 'delay' && !(d.delay && d.delay > 0)) out.delaySeconds = 'Give a delay greater than zero';
  if (d.when === 'at' && (d.at === null || d.at <= now)) out.at = 'Pick a time in the future';
  if (d.properties.trim()) {
    try {
      const v: unknown = JSON.parse(d.properties);
      if (!v || typeof v !== 'object' || Array.isArray(v)) out.properties = 'Properties are a JSON object, e.g. {"plan": "pro"}';
    } catch {
      out.properties = 'Not valid JSON';
    }
  }
  return out;
}

/** The body of `POST /api/events/schedule` for a profile (call after {@link scheduleProblems} found nothing). */
export function scheduleBody(d: ScheduleDraft, profileId: string): ScheduleInput {
  const body: ScheduleInput = { eventType: d.eventType.trim(), profileId };
  if (d.when === 'delay') body.delaySeconds = Math.round((d.delay ?? 0) * d.unit);
  else body.at = new Date(d.at ?? 0).toISOString();
  if (d.sessionId) body.sessionId = d.sessionId;
  if (d.properties.trim()) body.properties = JSON.parse(d.properties) as Record<string, unknown>;
  return body;
}
