/**
 * Stage: collection. Commits profile, session and events in one atomic batch, as the save policy allows; the
 * request is acknowledged only after this resolves, so an answered /track is durable.
 */
import type { WriteBatch } from '../../storage/index.ts';
import { defineStage, type Collected, type Resolved } from '../types.ts';

/** Writes what this request may store. */
export const collection = defineStage<Resolved, Collected>('collection', async (state, services) => {
  const batch: WriteBatch = {};
  if (state.save.profile && state.profile) batch.profiles = [state.profile];
  if (state.save.session && state.session) batch.sessions = [state.session];
  // Per-event `options.save: false` skips that event (Tracardi's Event.is_persistent).
  const events = state.save.events ? state.tracked.filter((e) => e.options.save !== false) : [];
  if (events.length > 0) batch.events = events;
  if (batch.profiles || batch.sessions || batch.events) await services.store.commit(batch);
  return { ...state, committed: { profile: Boolean(batch.profiles), session: Boolean(batch.sessions), events: events.length } };
}, { locked: true });
