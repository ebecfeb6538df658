/**
 * The pipeline stages this domain fills: `routing` (rules → flows per event), `processing` (flows run in the
 * sandbox) and `patches` (the changed profile, session and events committed in one atomic batch).
 * With no matching rule, routing returns no routes and the two later stages do nothing — no flow, no cost.
 */
import type { WriteBatch } from '../storage/index.ts';
import { defineStage, type Collected } from '../pipeline/types.ts';
import { deepMerge } from './engine/index.ts';
import { processEvents, routeEvents, type EventRoute, type Processed } from './process.ts';

/** After routing: the flows selected for each event. */
export interface Routed extends Collected {
  routes: EventRoute[];
}

/** After processing: the documents as the flows left them. */
export interface WorkflowProcessed extends Routed {
  processed: Processed | null;
}

/** Stage: routing rules pick the flows for each event. */
export const routing = defineStage<Collected, Routed>('routing', async (state, services) => {
  const routes = await routeEvents(services.workflow.rules, state.tracked, state.profile, state.session);
  return { ...state, routes };
}, { locked: true });

/** Stage: the selected flows run; response, ux, errors and warnings go to the answer. */
export const processing = defineStage<Routed, WorkflowProcessed>('processing', async (state, services) => {
  if (state.routes.length === 0) return { ...state, processed: null };
  const wf = services.workflow;
  const p = await processEvents({ engine: wf.engine, live: wf.live }, state.routes, { profile: state.profile, session: state.session, events: state.tracked });
  const out = state.out;
  deepMerge(out.response, p.response);
  out.ux.push(...p.ux);
  out.errors.push(...p.errors.map((e) => e.message));
  out.warnings.push(...p.warnings.map((w) => w.message));
  return { ...state, processed: p, profile: p.profile, session: p.session, tracked: p.events };
}, { locked: true });

/** Stage: what the flows changed is committed atomically, as the save policy allows. */
export const patches = defineStage<WorkflowProcessed, WorkflowProcessed>('patches', async (state, services) => {
  const p = state.processed;
  if (!p) return state;
  const at = new Date().toISOString();
  const batch: WriteBatch = {};
  let profile = state.profile;
  let session = state.session;
  if (p.profileChanged && profile && state.save.profile) {
    profile = { ...profile, updatedAt: at, version: profile.version + 1 };
    batch.profiles = [profile];
  }
  if (p.sessionChanged && session && state.save.session) {
    session = { ...session, updatedAt: at, version: session.version + 1 };
    batch.sessions = [session];
  }
  const events = state.save.events ? state.tracked.filter((e) => p.changedEvents.has(e.id) && e.options.save !== false) : [];
  if (events.length > 0) batch.events = events;
  if (batch.profiles || batch.sessions || batch.events) await services.store.commit(batch);
  return { ...state, profile, session };
}, { locked: true });
