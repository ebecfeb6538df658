/** Runs the stage list for one request: holds the session/profile locks across the locked stages, times each stage. */
import { performance } from 'node:perf_hooks';
import type { Services } from '../services.ts';
import { STAGES, type PipelineResult } from './stages.ts';
import type { StageTiming, TrackResponse } from './track.schema.ts';
import type { Received, Stage, Validated } from './types.ts';
import { identifiedProfileId } from '../identity/stages.ts';

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

/**
 * Lock keys of a request, including the profile of a known session: two sessions of one profile then update that
 * profile one after the other. (A merged id is locked as given; the survivor is found under that lock.)
 */
async function requestLockKeys(state: Validated, services: Services): Promise<string[]> {
  if (state.profileId) return lockKeys(state);
  const session = state.sessionId ? await services.store.sessions.get(state.sessionId) : null;
  // A new session may be identified as an existing profile (identification points): lock that profile too.
  const profileId = session ? session.profileId : await identifiedProfileId(state, services);
  return lockKeys({ sessionId: state.sessionId, profileId });
}

/** How long the resolution locks protect a request; far above any normal run, short enough to heal a stuck one. */
export const TRACK_LOCK_TTL_MS = 30_000;

/** Runs `fn` holding every key, acquired in order (nested). */
function withLocks<T>(services: Services, keys: readonly string[], fn: () => Promise<T>): Promise<T> {
  return keys.reduceRight<() => Promise<T>>((inner, key) => () => services.locks.withLock(key, TRACK_LOCK_TTL_MS, inner), fn)();
}

/** Runs every stage in order; the locked stages (one contiguous run) run while the request's locks are held. */
export async function runPipeline(input: Received, services: Services, stages: readonly Stage<any, any>[] = STAGES): Promise<PipelineRun> {
  const timings: StageTiming[] = [];
  const runRange = async (state: unknown, from: number, to: number): Promise<unknown> => {
    for (let i = from; i < to; i++) {
      const stage = stages[i]!;
      const t0 = performance.now();
      state = await stage.run(state, services);
      timings.push({ stage: stage.name, ms: Math.round((performance.now() - t0) * 1000) / 1000 });
    }
    return state;
  };
  const first = stages.findIndex((s) => s.locked);
  if (first < 0) return { state: (await runRange(input, 0, stages.length)) as PipelineResult, timings };
  let end = first;
  while (end < stages.length && stages[end]!.locked) end++;
  let state = await runRange(input, 0, first);
  state = await withLocks(services, await requestLockKeys(state as Validated, services), () => runRange(state, first, end));
  state = await runRange(state, end, stages.length);
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
