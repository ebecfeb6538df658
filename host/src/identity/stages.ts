/**
 * The pipeline stages of identification:
 * - `identity-resolution` (before routing): a NEW session sent without a profile id lands on the live profile that
 *   holds an identifying value of its events (a returning customer on a new device), as Tracardi's identification
 *   points do; then empty identifying fields of the profile are filled from the events' values.
 * - `merge-keys` (after the flows' patches, before the commit): the identification ids of the profile's merge-key
 *   values join its `ids`, in the same atomic commit. Newly added ones are handed to `merge-check`, which runs after
 *   the commit and enqueues a merge job when another live profile holds one of them.
 */
import { writePath } from '../condition/index.ts';
import type { Resolved, Validated } from '../pipeline/types.ts';
import { defineStage } from '../pipeline/types.ts';
import type { Services } from '../services.ts';
import type { Profile, TrackedEvent } from '../storage/index.ts';
import { profileIdentificationIds, readField } from './internal/keys.ts';
import type { EventIdentity } from './service.ts';

/** State after `merge-keys`: the identification ids this request added to the profile. */
export interface MergeKeyed {
  newMergeKeys?: string[];
}

/** The live profile holding the first identifying value of `identities`, or null. */
async function holderOf(services: Services, identities: readonly EventIdentity[]): Promise<Profile | null> {
  for (const identity of identities) {
    const holder = await services.store.profiles.findByAnyId(identity.idpId);
    if (holder) return holder;
  }
  return null;
}

/** True when identification points may pick the profile: a new session and no profile id in the payload. */
function mayIdentify(state: Pick<Validated, 'profileId' | 'request'>): boolean {
  return state.profileId === null && !state.request.profileLess;
}

/**
 * For the lock keys of a request whose session is new and which names no profile: the id of the profile its events
 * identify, so that profile is locked before resolution runs (two requests never update it at once). Null when
 * nothing identifies anyone — no store read at all while no identification point is configured.
 */
export async function identifiedProfileId(state: Validated, services: Services): Promise<string | null> {
  if (!mayIdentify(state) || state.events.length === 0) return null;
  const identities = await services.identity.eventIdentities(state.events, state.source.id);
  if (identities.length === 0) return null;
  return (await holderOf(services, identities))?.id ?? null;
}

/** Moves a request from the fresh profile resolution made to the identified `holder`. */
function adopt(state: Resolved, holder: Profile): Resolved {
  const fresh = state.profile!;
  const profile: Profile = {
    ...holder,
    stats: { visits: holder.stats.visits + fresh.stats.visits, events: holder.stats.events + fresh.stats.events },
    lastSessionId: fresh.lastSessionId ?? holder.lastSessionId ?? null,
    lastVisitAt: fresh.lastVisitAt ?? holder.lastVisitAt ?? null,
    updatedAt: fresh.updatedAt,
    version: holder.version + 1,
  };
  const session = state.session ? { ...state.session, profileId: holder.id } : null;
  // The fresh profile is never stored, so it was never created.
  const tracked: TrackedEvent[] = state.tracked
    .filter((e) => !(e.system && e.type === 'profile-created'))
    .map((e) => (e.profileId === fresh.id ? { ...e, profileId: holder.id } : e));
  return { ...state, profile, session, tracked, isNewProfile: false };
}

/** Fills the profile's empty identifying fields from the events; never overwrites a value the profile has. */
function fill(profile: Profile, identities: readonly EventIdentity[]): Profile {
  const missing = identities.filter((i) => {
    const current = readField(profile, i.field);
    return current === undefined || current === null || current === '';
  });
  if (missing.length === 0) return profile;
  const next = { ...profile, traits: structuredClone(profile.traits), pii: structuredClone(profile.pii) };
  const filled = new Set<string>();
  for (const i of missing) {
    if (filled.has(i.field)) continue;
    if (writePath(next as unknown as Record<string, unknown>, i.field.split('.'), i.value)) filled.add(i.field);
  }
  return next;
}

/** Identification points resolve a new session's profile and fill identifying fields. */
async function identify(state: Resolved, services: Services): Promise<Resolved> {
  if (!state.profile) return state;
  const identities = await services.identity.eventIdentities(state.tracked);
  if (identities.length === 0) return state;
  let next = state;
  if (state.isNewSession && state.isNewProfile && mayIdentify(state)) {
    const holder = await holderOf(services, identities);
    if (holder && holder.id !== state.profile.id) next = adopt(state, holder);
  }
  return { ...next, profile: fill(next.profile!, identities) };
}

/**
 * Stage: identification (see {@link identify}). With no identification point enabled (the fresh cache says so) it
 * hands the state on at once: no promise, no turn of the event loop.
 */
export const identityResolution = defineStage<Resolved, Resolved>('identity-resolution', (state, services) => (
  services.identity.noneEnabled() ? state : identify(state, services)
), { locked: true });

/** The identification ids of the profile's merge-key values join its ids, before the commit. */
async function addMergeKeys(state: Resolved, services: Services): Promise<Resolved & MergeKeyed> {
  if (!state.profile || !state.save.profile) return state;
  const fields = await services.identity.mergeKeyFields();
  if (fields.length === 0) return state;
  const known = new Set(state.profile.ids);
  const added = profileIdentificationIds(state.profile, fields).filter((id) => !known.has(id));
  if (added.length === 0) return state;
  return { ...state, profile: { ...state.profile, ids: [...state.profile.ids, ...added] }, newMergeKeys: added };
}

/** Stage: merge keys (see {@link addMergeKeys}); at once, like identification, when no point is enabled. */
export const mergeKeys = defineStage<Resolved, Resolved & MergeKeyed>('merge-keys', (state, services) => (
  services.identity.noneEnabled() ? state : addMergeKeys(state, services)
), { locked: true });
