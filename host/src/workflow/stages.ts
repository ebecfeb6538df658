/**
 * The pipeline stages this domain fills: `routing` (rules → flows per event), `processing` (flows run in the
 * sandbox) and `patches` (what the flows changed becomes the profile, session and events that `collection` then
 * commits, together with the events, in one atomic durable batch).
 * With no matching rule, routing returns no routes and the two later stages do nothing — no flow, no cost.
 */
import { defineStage, type Resolved } from '../pipeline/types.ts';
import type { Services } from '../services.ts';
import { deepMerge } from './engine/index.ts';
import { processEvents, routeEvents, type EventRoute, type Processed } from './process.ts';

/** After routing: the flows selected for each event. */
export interface Routed extends Resolved {
  routes: EventRoute[];
}

/** After processing: the documents as the flows left them. */
export interface WorkflowProcessed extends Routed {
  processed: Processed | null;
}

/**
 * Stage: routing rules pick the flows for each event. With no rule enabled (the fresh cache says so) it selects
 * nothing at once: no promise, no turn of the event loop.
 */
export const routing = defineStage<Resolved, Routed>('routing', (state, services) => (
  services.workflow.rules.noneEnabled()
    ? { ...state, routes: [] }
    : routeEvents(services.workflow.rules, state.tracked, state.profile, state.session).then((routes) => ({ ...state, routes }))
), { locked: true });

/** The selected flows run; response, ux, errors and warnings go to the answer. */
async function runFlows(state: Routed, services: Services): Promise<WorkflowProcessed> {
  const wf = services.workflow;
  const p = await processEvents({ engine: wf.engine, live: wf.live }, state.routes, { profile: state.profile, session: state.session, events: state.tracked });
  const out = state.out;
  deepMerge(out.response, p.response);
  out.ux.push(...p.ux);
  out.errors.push(...p.errors.map((e) => e.message));
  out.warnings.push(...p.warnings.map((w) => w.message));
  return { ...state, processed: p, profile: p.profile, session: p.session, tracked: p.events };
}

/** Stage: the routed flows run (see {@link runFlows}); a request routed to none goes on at once. */
export const processing = defineStage<Routed, WorkflowProcessed>('processing', (state, services) => (
  state.routes.length === 0 ? { ...state, processed: null } : runFlows(state, services)
), { locked: true });

/**
 * Stage: the flows' patches (already applied, all or nothing per flow, by `processing`) become the documents the
 * `collection` stage commits. Resolution already counted this request's write in `version`; only the time moves.
 */
export const patches = defineStage<WorkflowProcessed, WorkflowProcessed>('patches', (state) => {
  const p = state.processed;
  if (!p) return state;
  const at = new Date().toISOString();
  const profile = p.profileChanged && state.profile ? { ...state.profile, updatedAt: at } : state.profile;
  const session = p.sessionChanged && state.session ? { ...state.session, updatedAt: at } : state.session;
  return { ...state, profile, session };
}, { locked: true });
