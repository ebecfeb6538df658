/** Runs the stage list for one request: holds the session/profile locks across the locked stages, times each stage. */
import { performance } from 'node:perf_hooks';
import type { Services } from '../services.ts';
import { STAGES, type PipelineResult } from './stages.ts';
import type { StageTiming, TrackResponse } from './track.schema.ts';
import type { Received, Resolved, Stage, Validated } from './types.ts';
import { operationalError } from '../errors/index.ts';
import { identifiedProfileId } from '../identity/stages.ts';
import type { SessionPreRead } from './stages/resolution.ts';

/** The final state and how long each stage took. */
export interface PipelineRun {
  state: PipelineResult;
  /** Per-stage timings, recorded only for a request that debugs (`state.debug`); empty otherwise. */
  timings: StageTiming[];
}

/**
 * Lock keys for a request: its session, then its profile. Sessions always come first, so two requests never wait on
 * each other in opposite orders.
 */
export function lockKeys(state: Pick<Validated, 'sessionId' | 'profileId'>): string[] {
  const keys: string[] = [];
  if (state.sessionId) keys.push(`track:session:${state.sessionId}`);
  if (state.profileId) keys.push(profileLockKey(state.profileId));
  return keys;
}

const profileLockKey = (profileId: string): string => `track:profile:${profileId}`;

/**
 * Runs `fn` holding the request's locks. A request with a session and no profile id takes its session lock first and
 * reads the session under it, so the profile of a known session is locked too (two sessions of one profile then update
 * it one after the other), and hands that read to resolution, which does not read the session again. The read stays
 * current under the locks: sessions are written by /track holding the session lock, which is held since the read, and
 * by merges, which re-point only sessions of merged-away profiles while holding their locks; so a session changed
 * between the read and taking its profile's lock had its profile merged away, resolution then finds the survivor,
 * whose lock this request does not hold, and the locked stages run again under new locks without the pre-read.
 */
async function withRequestLocks<T>(state: Validated, services: Services, fn: (keys: string[], pre: SessionPreRead) => Promise<T>): Promise<T> {
  const sessionId = state.sessionId;
  if (state.profileId || !sessionId) {
    // The profile is named (a merged id is locked as given: see `runLocked`), or a session-less request may be
    // identified as an existing profile (identification points): lock that one.
    const keys = lockKeys({ sessionId, profileId: state.profileId ?? await identifiedProfileId(state, services) });
    return withLocks(services, keys, () => fn(keys, {}));
  }
  return services.locks.withLock(lockKeys({ sessionId, profileId: null })[0]!, TRACK_LOCK_TTL_MS, async () => {
    const session = await services.store.sessions.get(sessionId);
    // A new session may be identified as an existing profile (identification points): lock that profile too.
    const profileId = session ? session.profileId : await identifiedProfileId(state, services);
    const keys = lockKeys({ sessionId, profileId });
    const run = () => fn(keys, { preReadSession: { id: sessionId, session } });
    return keys.length > 1 ? services.locks.withLock(keys[1]!, TRACK_LOCK_TTL_MS, run) : run();
  });
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
  return held.includes(profileLockKey(s.profile.id)) ? null : s.profile.id;
}

/** Runs `fn` holding every key, acquired in order (nested). */
function withLocks<T>(services: Services, keys: readonly string[], fn: () => Promise<T>): Promise<T> {
  return keys.reduceRight<() => Promise<T>>((inner, key) => () => services.locks.withLock(key, TRACK_LOCK_TTL_MS, inner), fn)();
}

/** Runs every stage in order; the locked stages (one contiguous run) run while the request's locks are held. */
export async function runPipeline(input: Received, services: Services, stages: readonly Stage<any, any>[] = STAGES): Promise<PipelineRun> {
  const timings: StageTiming[] = [];
  /**
   * Runs stages [from, to). With `held` (the locked stages), stops early when a stage settles on an existing profile
   * whose lock this request does not hold (an id merged away since the keys were chosen now resolves to its survivor;
   * an identified profile found late). Only the stages that choose the profile (resolution, identity) can cause that,
   * and they run before any stage with effects, so running the locked range again under the right lock repeats
   * nothing visible. The check runs only after a stage that changed the profile.
   */
  const runRange = async (state: unknown, from: number, to: number, held: readonly string[] | null = null): Promise<{ state: unknown; relockTo: string | null }> => {
    let checked: { profile: unknown; isNew: unknown } | null = null;
    for (let i = from; i < to; i++) {
      const stage = stages[i]!;
      // Timed until payload validation has decided `debug`, and from then on only for a request that debugs.
      const timed = (state as Partial<Validated>).debug !== false;
      const t0 = timed ? performance.now() : 0;
      const out = stage.run(state, services);
      // Most stages are synchronous: awaiting only promises spares a microtask turn per stage.
      state = out instanceof Promise ? await out : out;
      if (timed) timings.push({ stage: stage.name, ms: Math.round((performance.now() - t0) * 1000) / 1000 });
      if (held === null) continue;
      const { profile, isNewProfile } = state as Partial<Resolved>;
      if (checked !== null && checked.profile === profile && checked.isNew === isNewProfile) continue;
      checked = { profile, isNew: isNewProfile };
      const moved = unlockedProfile(state, held);
      if (moved !== null) return { state, relockTo: moved };
    }
    return { state, relockTo: null };
  };
  const first = stages.findIndex((s) => s.locked);
  const finish = (state: unknown): PipelineRun => ({ state: state as PipelineResult, timings: (state as PipelineResult).debug ? timings : [] });
  if (first < 0) return finish((await runRange(input, 0, stages.length)).state);
  let end = first;
  while (end < stages.length && stages[end]!.locked) end++;
  const { state: unlocked } = await runRange(input, 0, first);
  let locked = await withRequestLocks(unlocked as Validated, services, (keys, pre) => runRange({ ...(unlocked as object), ...pre }, first, end, keys));
  for (let attempt = 1; locked.relockTo !== null; attempt++) {
    if (attempt >= MAX_RELOCKS) throw operationalError('profile_moving', 'the profile of this request kept being merged while it waited; retry the request', 503);
    const keys = lockKeys({ sessionId: (unlocked as Validated).sessionId, profileId: locked.relockTo });
    locked = await withLocks(services, keys, () => runRange(unlocked, first, end, keys));
  }
  return finish((await runRange(locked.state, end, stages.length)).state);
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
