/**
 * The `scheduled-event` job: when due, the event is injected into the ingestion pipeline for the same profile and
 * session under the internal `@scheduler` source, so routing rules and flows run on it exactly as on a tracked event.
 * The event keeps the scheduled record's id, so a retried job rewrites the same event instead of adding another.
 * A cancelled event (its pending record deleted) and one whose profile was deleted meanwhile are dropped.
 */
import { emptyOutput } from '../pipeline/internal/http.ts';
import { runPipeline } from '../pipeline/run.ts';
import type { Job } from '../queue/index.ts';
import type { Services } from '../services.ts';
import { SCHEDULER_SOURCE, SCHEDULER_SOURCE_ID } from './internal/source.ts';
import { scheduledEvents } from './schedule.ts';
import type { ScheduledEvent } from './scheduled.schema.ts';

/** Runs one due scheduled event through the pipeline. */
export function scheduledEventJobHandler(services: Services) {
  return async (job: Job<ScheduledEvent>): Promise<void> => {
    const s = job.payload;
    const pending = scheduledEvents(services);
    if (!(await pending.get(s.id))) {
      services.log.info({ scheduled: s.id }, 'scheduled event was cancelled; nothing injected');
      return;
    }
    const profile = await services.store.profiles.findByAnyId(s.profileId);
    if (!profile) {
      services.log.warn({ scheduled: s.id, profile: s.profileId }, 'the profile of a scheduled event no longer exists; dropped');
      await pending.delete(s.id);
      return;
    }
    const sessionId = s.sessionId ?? profile.lastSessionId ?? null;
    const run = await runPipeline({
      payload: {
        source: { id: SCHEDULER_SOURCE_ID },
        profile: { id: profile.id },
        ...(sessionId ? { session: { id: sessionId } } : {}),
        events: [{
          id: s.id, type: s.eventType, properties: s.properties,
          options: { scheduled: { id: s.id, dueAt: s.dueAt, depth: s.depth, origin: s.origin } },
        }],
      },
      request: {
        endpoint: 'track', ip: '127.0.0.1', origin: undefined, secret: undefined, userAgent: 'tessera-scheduler',
        receivedAt: new Date(), profileLess: false, internalSource: SCHEDULER_SOURCE,
      },
      out: emptyOutput(),
    }, services);
    if (run.state.out.errors.length > 0) {
      // The event is stored either way (as for /track); flow failures are for the log, not a reason to inject twice.
      services.log.warn({ scheduled: s.id, errors: run.state.out.errors }, 'flows failed on a scheduled event');
    }
    await pending.delete(s.id);
  };
}
