/** Runs the stage list for one request: holds the session/profile locks across the locked stages, times each stage. */
import { performance } from 'node:perf_hooks';
import type { Services } from '../services.ts';
import { STAGES, type PipelineResult } from './stages.ts';
import type { StageTiming, TrackResponse } from './track.schema.ts';
import type { Received, Resolved, Stage, Validated } from './types.ts';
import { operationalError } from '../errors/index.ts';
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
 * profile one after the other. (A merged id is locked as given; when resolution finds the survivor under that lock,
 * the locked stages run again holding the survivor's lock, see `runLocked`.)
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

/** How often a request re-takes its locks because its profile turned out to be another one (merges). */
const MAX_RELOCKS = 3;

/** The id of the existing profile a state works on when the request does not hold its lock, else null. */
function unlockedProfile(state: unknown, held: readonly string[]): string | null {
  const s = state as Partial<Pick<Resolved, 'profile' | 'isNewProfile'>>;
  // New profiles (generated ids) are unknown to everyone else; before resolution there is no profile yet.
  if (!s.profile || s.isNewProfile !== false) return null;
  return held.includes(lockKeys({ sessionId: null, profileId: s.profile.id })[0]!) ? null : s.profile.id;
}

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
  /**
   * The locked stages, stopping early when one settles on an existing profile whose lock this request does not hold
   * (an id merged away since the keys were chosen now resolves to its survivor; an identified profile found late).
   * Only the stages that choose the profile (resolution, identity) can cause that, and they run before any stage
   * with effects, so running the locked range again under the right lock repeats nothing visible.
   */
  const runLocked = async (state: unknown, from: number, to: number, held: readonly string[]): Promise<{ state: unknown; relockTo: string | null }> => {
    for (let i = from; i < to; i++) {
      state = await runRange(state, i, i + 1);
      const moved = unlockedProfile(state, held);
      if (moved !== null) return { state, relockTo: moved };
    }
    return { state, relockTo: null };
  };
  const first = stages.findIndex((s) => s.locked);
  if (first < 0) return { state: (await runRange(input, 0, stages.length)) as PipelineResult, timings };
  let end = first;
  while (end < stages.length && stages[end]!.locked) end++;
  let state = await runRange(input, 0, first);
  const unlocked = state;
  let keys = await requestLockKeys(unlocked as Validated, services);
  for (let attempt = 1; ; attempt++) {
    const locked = await withLocks(services, keys, () => runLocked(unlocked, first, end, keys));
    if (locked.relockTo === null) { state = locked.state; break; }
    if (attempt >= MAX_RELOCKS) throw operationalError('profile_moving', 'the profile of this request kept being merged while it waited; retry the request', 503);
    keys = lockKeys({ sessionId: (unlocked as Validated).sessionId, profileId: locked.relockTo });
  }
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
