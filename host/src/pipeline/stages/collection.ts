/**
 * Stage: collection. Commits profile, session and events in one atomic batch, as the save policy allows, together
 * with the background jobs the earlier stages planned (`state.jobs`, the store's outbox); the request is acknowledged
 * only after this resolves, so an answered /track is durable, its jobs included.
 */
import type { WriteBatch } from '../../storage/index.ts';
import { defineStage, type Collected, type Resolved } from '../types.ts';

/** What `collection` will commit for a state: stages before it decide with this whether a document will be stored. */
export function plannedCommit(state: Resolved): Collected['committed'] & { tracked: Resolved['tracked'] } {
  // Per-event `options.save: false` skips that event (Tracardi's Event.is_persistent).
  const tracked = state.save.events ? state.tracked.filter((e) => e.options.save !== false) : [];
  return { profile: Boolean(state.save.profile && state.profile), session: Boolean(state.save.session && state.session), events: tracked.length, tracked };
}

/** Writes what this request may store, and its jobs. */
export const collection = defineStage<Resolved, Collected>('collection', async (state, services) => {
  const plan = plannedCommit(state);
  const batch: WriteBatch = {};
  if (plan.profile) batch.profiles = [state.profile!];
  if (plan.session) batch.sessions = [state.session!];
  if (plan.tracked.length > 0) batch.events = plan.tracked;
  if (state.jobs && state.jobs.length > 0) batch.jobs = state.jobs;
  // A new visitor's profile and session were created by this request: the store need not look for stored ones.
  const created = [...(plan.profile && state.isNewProfile ? [state.profile!.id] : []), ...(plan.session && state.isNewSession ? [state.session!.id] : [])];
  if (created.length > 0) batch.created = created;
  if (batch.profiles || batch.sessions || batch.events || batch.jobs) {
    try {
      await services.store.commit(batch);
    } catch (err) {
      for (const undo of state.undoIfNotCommitted ?? []) await undo().catch((e: unknown) => services.log.error({ err: e }, 'undoing a write of an uncommitted request failed'));
      throw err;
    }
  }
  if (batch.jobs) services.outbox?.kick();
  return { ...state, committed: { profile: plan.profile, session: plan.session, events: plan.events } };
}, { locked: true });
