/**
 * Stage `scheduling`, before `collection`: what the flows of this request sent out of the reserved `schedule` port
 * becomes delayed `scheduled-event` jobs in the request's batch (`state.jobs`, the store's outbox), so a job exists
 * exactly when the request that asked for it was stored, even if the process dies right after answering. Each pending
 * record is written first and deleted again if the batch is not committed. A refused request (bad time, chain too
 * deep) is reported in the answer's `warnings` and never fails the request.
 */
import { isTesseraError } from '../errors/index.ts';
import { plannedCommit } from '../pipeline/stages/collection.ts';
import { defineStage, type Resolved } from '../pipeline/types.ts';
import type { Services } from '../services.ts';
import type { FlowScheduleRequest } from '../workflow/index.ts';
import { checkSchedule, recordScheduledEvent } from './schedule.ts';

/** Most events one request may schedule (a flow looping over a list must not flood the queue). */
export const MAX_SCHEDULED_PER_REQUEST = 20;

/** The workflow stages' result, carried on the state (whose type does not name it). */
type WithSchedules = Resolved & { processed?: { scheduled?: FlowScheduleRequest[] } | null };

function depthOf(options: Record<string, unknown> | undefined): number {
  const s = options?.scheduled as { depth?: unknown } | undefined;
  return typeof s?.depth === 'number' && Number.isInteger(s.depth) ? s.depth : 0;
}

/** Adds the scheduled events the flows asked for to the request's batch. */
async function schedule(state: Resolved, services: Services, requests: readonly FlowScheduleRequest[]): Promise<Resolved> {
  const where = (r: FlowScheduleRequest) => `flow ${r.flowId}, node ${r.nodeId}, plugin ${r.plugin}`;
  // A profile that was not stored (ephemeral source, saveProfile false) cannot receive an event later.
  if (!state.profile || (state.isNewProfile && !plannedCommit(state).profile)) {
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
      const { job, undo } = await recordScheduledEvent(services, checked, {
        profileId: state.profile.id, sessionId: state.session?.id ?? null, depth: depthOf(events.get(r.eventId)?.options) + 1,
        origin: { kind: 'flow', flowId: r.flowId, nodeId: r.nodeId, plugin: r.plugin, eventId: r.eventId },
      });
      state.jobs = [...(state.jobs ?? []), job];
      state.undoIfNotCommitted = [...(state.undoIfNotCommitted ?? []), undo];
    } catch (err) {
      if (!isTesseraError(err)) throw err;
      services.log.warn({ err, flowId: r.flowId, nodeId: r.nodeId }, 'a flow asked for a scheduled event that was refused');
      state.out.warnings.push(`${where(r)}: event not scheduled: ${err.message}`);
    }
  }
  return state;
}

/** Stage: scheduled events (see {@link schedule}); a request whose flows asked for none goes on at once. */
export const scheduling = defineStage<Resolved, Resolved>('scheduling', (state, services) => {
  const requests = (state as WithSchedules).processed?.scheduled;
  return !requests || requests.length === 0 ? state : schedule(state, services, requests);
}, { locked: true });
