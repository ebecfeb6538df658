/**
 * Stage `segmentation`, after the flows' patches and before the commit: the profile's membership in every enabled
 * segment is re-evaluated from the compiled conditions (cached; no store read), so the change is part of the same
 * atomic commit. With no segment defined it costs nothing.
 */
import { defineStage, type Resolved } from '../pipeline/types.ts';
import type { Services } from '../services.ts';

/** Re-evaluates the enabled segments for the request's profile. */
async function segment(state: Resolved, services: Services): Promise<Resolved> {
  if (!state.profile || !state.save.profile) return state;
  const next = await services.segments.evaluate(state.profile);
  return next ? { ...state, profile: next } : state;
}

/** Stage: segmentation (see {@link segment}); with no segment enabled (the fresh cache says so), at once. */
export const segmentation = defineStage<Resolved, Resolved>('segmentation', (state, services) => (
  services.segments.noneEnabled() ? state : segment(state, services)
), { locked: true });
