/**
 * Stage 3: finds or creates the profile and session, as Tracardi does:
 * - an existing session brings its profile (merged ids resolve to the survivor through `findByAnyId`);
 * - a new session uses the payload's profile when it exists; an unknown profile id gets a new random profile unless
 *   the source allows static ids (a forged id is never honoured otherwise);
 * - a cross-domain pass (`context.tracardi.pass`) that passes the rules of ./pass.ts moves the visitor onto the
 *   passed profile; an anonymous profile it leaves is merged into it after the commit (`merge-check`);
 * - payload `context` and `properties` merge into the session;
 * - system events: `profile-created`, `session-opened`, `visit-started` (a session reopened after `visit-ended`),
 *   none when the payload itself ends the visit.
 * Runs under the session/profile locks, so two concurrent requests with one new session id create one profile.
 */
import { uuidv7 } from './ids.ts';
import type { Profile, Session, TrackedEvent } from '../../storage/index.ts';
import { defineStage, type Resolved, type Validated } from '../types.ts';
import { decidePass, type PassMerged } from './pass.ts';
import { deepMerge, newProfile, newSession, systemEvent, trackedEvent, type EventOwner } from './entities.ts';

/**
 * The request's session as run.ts read it to choose the lock keys, handed over when that read is still current under
 * the held locks (see `requestLocks` in ../run.ts), so the session is read once per request.
 */
export interface SessionPreRead {
  preReadSession?: { id: string; session: Session | null };
}

/** Loads or creates the profile and session and builds the events to process. */
export const resolution = defineStage<Validated, Resolved>('profile-session-resolution', async (input, services) => {
  const { store, config } = services;
  const { preReadSession: pre, ...state } = input as Validated & SessionPreRead;
  const now = state.request.receivedAt.toISOString();

  if (state.events.length === 0) {
    // Tracardi answers `null` here; we answer the usual shape and say why nothing happened.
    state.out.warnings.push('The payload has no events: nothing was processed or stored.');
    return { ...state, profile: null, session: null, isNewProfile: false, isNewSession: false, tracked: [] };
  }
  if (state.request.profileLess) {
    const owner: EventOwner = { sourceId: state.source.id, profileId: null, sessionId: null, insertedAt: now };
    return { ...state, profile: null, session: null, isNewProfile: false, isNewSession: false, tracked: state.events.map((e) => trackedEvent(e, owner)) };
  }

  let session: Session | null = !state.sessionId ? null
    : pre && pre.id === state.sessionId ? pre.session
    : await store.sessions.get(state.sessionId);
  let profile: Profile | null = null;
  if (session?.profileId) profile = await store.profiles.findByAnyId(session.profileId);
  if (!profile && state.profileId) profile = await store.profiles.findByAnyId(state.profileId);

  // Cross-domain pass: the visitor continues on the profile of the site they came from (see ./pass.ts).
  let passMergeFrom: string | undefined;
  const decided = decidePass(state, profile, services, state.request.receivedAt.getTime());
  const pass = decided instanceof Promise ? await decided : decided;
  if (pass.kind === 'adopt') {
    profile = pass.profile;
    if (pass.mergeFrom) passMergeFrom = pass.mergeFrom;
  } else if (pass.kind === 'refused') {
    // `out` is shared by reruns of the locked stages (run.ts re-locks when a profile moved): say it once.
    const warning = `The cross-domain profile pass was ignored: ${pass.reason}.`;
    if (!state.out.warnings.includes(warning)) state.out.warnings.push(warning);
  }

  const isNewProfile = profile === null;
  if (!profile) {
    const id = state.profileId && state.source.allowStaticProfileIds ? state.profileId : uuidv7();
    profile = newProfile(id, now);
  }

  const isNewSession = session === null;
  const previousStatus = session?.status;
  session = session ?? newSession(state.sessionId ?? uuidv7(), profile.id, state.source.id, now);

  const types = new Set(state.events.map((e) => e.type));
  const endsVisit = types.has('visit-ended');
  const reopened = !isNewSession && previousStatus === 'ended' && !endsVisit;
  const status: Session['status'] = endsVisit ? 'ended' : reopened || types.has('visit-started') ? 'started' : session.status;

  session = {
    ...session,
    profileId: profile.id,
    status,
    context: state.payload.context ? deepMerge(session.context, state.payload.context) : session.context,
    properties: state.payload.properties ? deepMerge(session.properties, state.payload.properties) : session.properties,
    updatedAt: now,
    version: session.version + 1,
  };

  const owner: EventOwner = { sourceId: state.source.id, profileId: profile.id, sessionId: session.id, insertedAt: now };
  const system: TrackedEvent[] = [];
  if (config.systemEvents && !endsVisit) {
    if (isNewProfile) system.push(systemEvent('profile-created', owner));
    if (isNewSession) system.push(systemEvent('session-opened', owner));
    if (reopened) system.push(systemEvent('visit-started', owner));
  }

  profile = {
    ...profile,
    stats: { visits: profile.stats.visits + (isNewSession || reopened ? 1 : 0), events: profile.stats.events + state.events.length },
    lastSessionId: session.id,
    lastVisitAt: isNewSession || reopened ? now : profile.lastVisitAt ?? null,
    updatedAt: now,
    version: profile.version + 1,
  };

  const resolved: Resolved & PassMerged = { ...state, profile, session, isNewProfile, isNewSession, tracked: [...system, ...state.events.map((e) => trackedEvent(e, owner))] };
  if (passMergeFrom) resolved.passMergeFrom = passMergeFrom;
  return resolved;
}, { locked: true });
