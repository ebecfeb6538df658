/** Runs the stage list for one request: holds the session/profile locks across the locked stages, times each stage. */
import { performance } from 'node:perf_hooks';
import type { Services } from '../services.ts';
import { STAGES, type PipelineResult } from './stages.ts';
import type { StageTiming, TrackResponse } from './track.schema.ts';
import type { Received, Stage, Validated } from './types.ts';

/** The final state and how long each stage took. */
export interface PipelineRun {
  state: PipelineResult;
  timings: StageTiming[];
}

/**
 * Lock keys for a request: its session, then its profile. Sessions always come first, so two requests never wait on
 * each other in opposite orders.
 */
export function lockKeys(state: Pick<Validated, 'sessionId' | 'profileId'>): string[] {
  const keys: string[] = [];
  if (state.sessionId) keys.push(`track:session:${state.sessionId}`);
  if (state.profileId) keys.push(`track:profile:${state.profileId}`);
  return keys;
}

/** Runs every stage in order. */
export async function runPipeline(input: Received, services: Services, stages: readonly Stage<any, any>[] = STAGES): Promise<PipelineRun> {
  const timings: StageTiming[] = [];
  let state: unknown = input;
  let release: (() => Promise<void>) | null = null;
  try {
    for (let i = 0; i < stages.length; i++) {
      const stage = stages[i]!;
      if (stage.locked && !release) {
        const keys = lockKeys(state as Validated);
        release = keys.length > 0 ? await services.locks.acquireAll(keys) : async () => {};
      } else if (!stage.locked && release) {
        const r = release;
        release = null;
        await r();
      }
      const t0 = performance.now();
      state = await stage.run(state, services);
      timings.push({ stage: stage.name, ms: Math.round((performance.now() - t0) * 1000) / 1000 });
    }
  } finally {
    if (release) await release();
  }
  return { state: state as PipelineResult, timings };
}

/** The TrackResponse for a finished run (Tracardi's shape; event ids are always listed). */
export function toTrackResponse(run: PipelineRun): TrackResponse {
  const { state } = run;
  const response: TrackResponse = {
    profile: state.profile ? { id: state.profile.id } : null,
    session: state.session ? { id: state.session.id } : null,
    events: state.events.map((e) => e.id),
    ux: state.out.ux,
    response: state.out.response,
    errors: state.out.errors,
    warnings: state.out.warnings,
  };
  if (state.debug) response.debug = { stages: run.timings };
  return response;
}
