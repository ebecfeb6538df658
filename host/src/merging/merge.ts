/**
 * Runs a merge: finds the live duplicates, locks them, combines them into the survivor (rules.ts), re-points the
 * merged profiles' sessions and marks the merged profiles `mergedInto`, all in one atomic commit. Events keep their
 * history (their `profileId` stays); any old id finds the survivor through `findByAnyId`.
 *
 * Idempotent: a rerun finds one live profile where there were several, and changes nothing.
 */
import { operationalError, userError } from '../errors/index.ts';
import type { Services } from '../services.ts';
import type { Filter, Profile, Session, Store } from '../storage/index.ts';
import { IDENTIFICATION_ID_PREFIX } from '../identity/internal/keys.ts';
import { withProfileLocks } from './internal/locks.ts';
import { combineProfiles, markMerged, type MergeConflict } from './rules.ts';

/** What to merge. */
export interface MergeRequest {
  /** Profile ids (any id of a profile) that belong together. */
  ids?: string[];
  /** Identification ids: every live profile holding one belongs together. */
  keys?: string[];
  /** The survivor, when an administrator chose it (its id or any of its ids); otherwise the oldest survives. */
  survivorId?: string;
  /** Also merge every live profile sharing an identification id with the group (automatic merges). Default true. */
  followKeys?: boolean;
}

/** What a merge did. */
export interface MergeOutcome {
  /** The surviving profile, or null when no profile of the request exists. */
  survivor: Profile | null;
  /** Ids of the profiles merged into it by this run (empty when there was nothing to do). */
  merged: string[];
  /** Fields where values were dropped. */
  conflicts: MergeConflict[];
  /** Sessions re-pointed at the survivor. */
  sessions: number;
}

/** Most profiles one merge takes in; more means the merge keys are too coarse (e.g. a shared company e-mail). */
export const MAX_MERGE_GROUP = 100;
/** How often a merge starts over when the group changed while it waited for the locks. */
const MAX_ROUNDS = 5;
const LIVE: Filter = { field: 'mergedInto', op: 'exists', value: false };

/** The live profiles of a request, grown through shared identification ids until nothing new turns up. */
async function collectGroup(store: Store, request: MergeRequest): Promise<Profile[]> {
  const group = new Map<string, Profile>();
  for (const id of request.ids ?? []) {
    const p = await store.profiles.findByAnyId(id);
    if (p) group.set(p.id, p);
  }
  const searched = new Set<string>();
  let pending = [...new Set(request.keys ?? [])];
  const follow = request.followKeys ?? true;
  if (follow) for (const p of group.values()) pending.push(...p.ids.filter((i) => i.startsWith(IDENTIFICATION_ID_PREFIX)));
  while (pending.length > 0 && group.size <= MAX_MERGE_GROUP) {
    const batch = [...new Set(pending)].filter((k) => !searched.has(k)).slice(0, 500);
    pending = pending.filter((k) => !batch.includes(k) && !searched.has(k));
    if (batch.length === 0) break;
    batch.forEach((k) => searched.add(k));
    // `ids` lookups are indexed in every adapter (SQLite: the profile_ids table; Elasticsearch: a keyword field).
    const page = await store.profiles.search({ filters: [{ field: 'ids', op: 'in', value: batch }, LIVE], limit: MAX_MERGE_GROUP + 1 });
    for (const p of page.items) {
      if (group.has(p.id)) continue;
      group.set(p.id, p);
      if (follow) pending.push(...p.ids.filter((i) => i.startsWith(IDENTIFICATION_ID_PREFIX) && !searched.has(i)));
    }
  }
  if (group.size > MAX_MERGE_GROUP) {
    throw userError('merge_group_too_large', `more than ${MAX_MERGE_GROUP} profiles share these identification values; refusing to merge them into one`, 422, { ids: request.ids, keys: request.keys });
  }
  return [...group.values()];
}

/**
 * Every session of the merged profiles, re-pointed at `survivorId`. Searches may lag behind other processes' writes
 * on a near-real-time engine (Elasticsearch: up to its refresh interval), so each profile's last session — the one
 * most likely to be that recent — is also read by id, which is always current. (A session missed anyway still
 * works: its profile id resolves to the survivor, and its next /track points it there.)
 */
async function repointSessions(store: Store, merged: readonly Profile[], survivorId: string): Promise<Session[]> {
  const out = new Map<string, Session>();
  const take = (s: Session) => { if (!out.has(s.id)) out.set(s.id, { ...s, profileId: survivorId, version: s.version + 1 }); };
  for (const profile of merged) {
    let cursor: string | null = null;
    do {
      const page = await store.sessions.search({ filters: [{ field: 'profileId', op: 'eq', value: profile.id }], limit: 1000, cursor });
      page.items.forEach(take);
      cursor = page.next;
    } while (cursor);
    const last = profile.lastSessionId ? await store.sessions.get(profile.lastSessionId) : null;
    if (last && last.profileId === profile.id) take(last);
  }
  return [...out.values()];
}

function sameMembers(a: readonly Profile[], b: readonly Profile[]): boolean {
  if (a.length !== b.length) return false;
  const ids = new Set(a.map((p) => p.id));
  return b.every((p) => ids.has(p.id));
}

/** Merges the profiles of a request under their /track locks. */
export async function mergeProfiles(services: Pick<Services, 'store' | 'locks'> & Partial<Pick<Services, 'segments'>>, request: MergeRequest): Promise<MergeOutcome> {
  const { store, locks } = services;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const group = await collectGroup(store, request);
    const chosen = request.survivorId ? await store.profiles.findByAnyId(request.survivorId) : null;
    if (chosen && !group.some((p) => p.id === chosen.id)) group.push(chosen);
    if (group.length < 2) return { survivor: group[0] ?? null, merged: [], conflicts: [], sessions: 0 };
    const outcome = await withProfileLocks(locks, group.map((p) => p.id), async () => {
      // Re-read under the locks: a /track or another merge may have changed the group while we waited.
      const fresh = await collectGroup(store, request);
      const survivorNow = request.survivorId ? await store.profiles.findByAnyId(request.survivorId) : null;
      if (survivorNow && !fresh.some((p) => p.id === survivorNow.id)) fresh.push(survivorNow);
      if (!sameMembers(group, fresh)) return null;
      const now = new Date().toISOString();
      const combined = combineProfiles(fresh, now, survivorNow?.id);
      const { conflicts } = combined;
      // The merged profile may meet (or stop meeting) segment conditions neither part did.
      const survivor = (await services.segments?.evaluate(combined.profile)) ?? combined.profile;
      const mergedAway = fresh.filter((p) => p.id !== survivor.id);
      const sessions = await repointSessions(store, mergedAway, survivor.id);
      await store.commit({ profiles: [survivor, ...mergedAway.map((p) => markMerged(p, survivor.id, now))], sessions });
      return { survivor, merged: mergedAway.map((p) => p.id), conflicts, sessions: sessions.length };
    });
    if (outcome) return outcome;
  }
  throw operationalError('merge_contended', 'the profiles kept changing while the merge waited for them; it will be retried', 503, { ids: request.ids, keys: request.keys });
}
