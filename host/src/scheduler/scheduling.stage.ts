/**
 * Stage `scheduling`: what the flows of this request sent out of the reserved `schedule` port becomes delayed
 * `scheduled-event` jobs. It runs after `collection`, so an event is scheduled only when the request that asked for it
 * was stored; a refused request (bad time, chain too deep) is reported in the answer's `warnings` and never fails the
 * request, whose events are already stored.
 */
import { isTesseraError } from '../errors/index.ts';
import { defineStage, type Collected } from '../pipeline/types.ts';
import type { FlowScheduleRequest } from '../workflow/index.ts';
import { checkSchedule, scheduleEvent } from './schedule.ts';

/** Most events one request may schedule (a flow looping over a list must not flood the queue). */
export const MAX_SCHEDULED_PER_REQUEST = 20;

/** The workflow stages' result, carried on the state past `collection` (whose type does not name it). */
type WithSchedules = Collected & { processed?: { scheduled?: FlowScheduleRequest[] } | null };

function depthOf(options: Record<string, unknown> | undefined): number {
  const s = options?.scheduled as { depth?: unknown } | undefined;
  return typeof s?.depth === 'number' && Number.isInteger(s.depth) ? s.depth : 0;
}

/** Enqueues the scheduled events the flows asked for. */
export const scheduling = defineStage<Collected, Collected>('scheduling', async (state, services) => {
  const requests = (state as WithSchedules).processed?.scheduled;
  if (!requests || requests.length === 0) return state;
  const where = (r: FlowScheduleRequest) => `flow ${r.flowId}, node ${r.nodeId}, plugin ${r.plugin}`;
  // A profile that was not stored (ephemeral source, saveProfile false) cannot receive an event later.
  if (!state.profile || (state.isNewProfile && !state.committed.profile)) {
    for (const r of requests) state.out.warnings.push(`${where(r)}: event not scheduled: this request stores no profile to schedule it for`);
    return state;
  }
  const events = new Map(state.tracked.map((e) => [e.id, e]));
  for (const [i, r] of requests.entries()) {
    if (i >= MAX_SCHEDULED_PER_REQUEST) {
      state.out.warnings.push(`${requests.length - i} more scheduled events refused: at most ${MAX_SCHEDULED_PER_REQUEST} per request`);
      break;
    }
    try {
      const checked = checkSchedule(r.payload);
      await scheduleEvent(services, checked, {
        profileId: state.profile.id, sessionId: state.session?.id ?? null, depth: depthOf(events.get(r.eventId)?.options) + 1,
        origin: { kind: 'flow', flowId: r.flowId, nodeId: r.nodeId, plugin: r.plugin, eventId: r.eventId },
      });
    } catch (err) {
      if (!isTesseraError(err)) throw err;
      services.log.warn({ err, flowId: r.flowId, nodeId: r.nodeId }, 'a flow asked for a scheduled event that was refused');
      state.out.warnings.push(`${where(r)}: event not scheduled: ${err.message}`);
    }
  }
  return state;
});
