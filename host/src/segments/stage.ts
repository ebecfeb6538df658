/**
 * Stage `segmentation`, after the flows' patches and before the commit: the profile's membership in every enabled
 * segment is re-evaluated from the compiled conditions (cached; no store read), so the change is part of the same
 * atomic commit. With no segment defined it costs nothing.
 */
import { defineStage, type Resolved } from '../pipeline/types.ts';

/** Re-evaluates the enabled segments for the request's profile. */
export const segmentation = defineStage<Resolved, Resolved>('segmentation', async (state, services) => {
  if (!state.profile || !state.save.profile) return state;
  const next = await services.segments.evaluate(state.profile);
  return next ? { ...state, profile: next } : state;
}, { locked: true });
