/**
 * How duplicates become one profile. Pure functions, so the rules are unit-tested on their own:
 *
 * | part | rule |
 * |---|---|
 * | survivor | the oldest profile (`createdAt`), ties by smallest id — the same choice on every host and every rerun |
 * | `ids` | union: the survivor's, then every merged profile's id and ids (old ids keep resolving to the survivor) |
 * | `traits`, `pii` | objects merge key by key; a value the survivor has wins, a missing (or null/empty-string) one is taken from the merged profiles, oldest first; lists are united (each item once) |
 * | `consents` | per purpose, the latest decision (`at`) wins |
 * | `segments` | union |
 * | `stats` | summed |
 * | `createdAt` | earliest; `lastVisitAt` latest, with that profile's `lastSessionId` |
 * | `version` | highest + 1 |
 *
 * Unlike Tracardi, numbers are not summed (a customer's age or points are not additive) and the survivor keeps its
 * id (Tracardi's worker gives the merged profile a new id, so every integration's stored id goes stale).
 */
import type { Consent, Profile } from '../storage/index.ts';

/** A field where the merged profiles disagreed and the survivor's (or the older) value was kept. */
export interface MergeConflict {
  /** Dot path, e.g. `pii.email`. */
  field: string;
  /** Id of the profile whose value was dropped. */
  droppedFrom: string;
}

/** The merged profile and the conflicts resolved on the way. */
export interface Combined {
  profile: Profile;
  conflicts: MergeConflict[];
}

/** Oldest first (`createdAt`, then id): the merge order, whose first element survives. */
export function mergeOrder(profiles: readonly Profile[]): Profile[] {
  return [...profiles].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The profile that survives a merge of `profiles`. */
export function chooseSurvivor(profiles: readonly Profile[]): Profile {
  const [first] = mergeOrder(profiles);
  if (!first) throw new Error('chooseSurvivor needs at least one profile');
  return first;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/** Unites two lists, each item once (items compared by their JSON). */
function uniteLists(kept: readonly unknown[], other: readonly unknown[]): unknown[] {
  const seen = new Set(kept.map((v) => JSON.stringify(v)));
  const out = [...kept];
  for (const v of other) {
    const key = JSON.stringify(v);
    if (!seen.has(key)) { seen.add(key); out.push(v); }
  }
  return out;
}

/** Merges `other` into `kept`: kept values win, missing ones are filled, objects recurse, lists unite. */
export function fillMerge(kept: Record<string, unknown>, other: Record<string, unknown>, path: string, otherId: string, conflicts: MergeConflict[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...kept };
  for (const [k, v] of Object.entries(other)) {
    if (UNSAFE.has(k) || isEmpty(v)) continue;
    const current = out[k];
    const at = path ? `${path}.${k}` : k;
    if (isEmpty(current)) out[k] = structuredClone(v);
    else if (isPlainObject(current) && isPlainObject(v)) out[k] = fillMerge(current, v, at, otherId, conflicts);
    else if (Array.isArray(current) && Array.isArray(v)) out[k] = uniteLists(current, v);
    else if (JSON.stringify(current) !== JSON.stringify(v)) conflicts.push({ field: at, droppedFrom: otherId });
  }
  return out;
}

function mergeConsents(profiles: readonly Profile[]): Record<string, Consent> {
  const out: Record<string, Consent> = {};
  for (const p of profiles) {
    for (const [purpose, consent] of Object.entries(p.consents)) {
      if (UNSAFE.has(purpose)) continue;
      const current = out[purpose];
      // Strictly later wins, so on a tie the earlier profile in merge order (the survivor first) keeps its decision.
      if (!current || Date.parse(consent.at) > Date.parse(current.at)) out[purpose] = consent;
    }
  }
  return out;
}

/**
 * Combines `profiles` (at least one) into their survivor, as of `now`: the oldest, or `survivorId` when an
 * administrator chose it (the others then follow oldest first).
 */
export function combineProfiles(profiles: readonly Profile[], now: string, survivorId?: string): Combined {
  let ordered = mergeOrder(profiles);
  if (survivorId !== undefined) {
    const chosen = ordered.find((p) => p.id === survivorId);
    if (!chosen) throw new Error(`combineProfiles: ${survivorId} is not among the profiles`);
    ordered = [chosen, ...ordered.filter((p) => p !== chosen)];
  }
  const survivor = ordered[0];
  if (!survivor) throw new Error('combineProfiles needs at least one profile');
  const conflicts: MergeConflict[] = [];
  let traits = survivor.traits;
  let pii = survivor.pii;
  const ids: string[] = [];
  const addId = (id: string) => { if (!ids.includes(id)) ids.push(id); };
  addId(survivor.id);
  survivor.ids.forEach(addId);
  let lastVisit = survivor;
  for (const other of ordered.slice(1)) {
    traits = fillMerge(traits, other.traits, 'traits', other.id, conflicts);
    pii = fillMerge(pii, other.pii, 'pii', other.id, conflicts);
    addId(other.id);
    other.ids.forEach(addId);
    if ((other.lastVisitAt ?? '') > (lastVisit.lastVisitAt ?? '')) lastVisit = other;
  }
  const profile: Profile = {
    ...survivor,
    ids,
    createdAt: survivor.createdAt,
    updatedAt: now,
    traits: structuredClone(traits),
    pii: structuredClone(pii),
    consents: mergeConsents(ordered),
    segments: [...new Set(ordered.flatMap((p) => p.segments))],
    stats: {
      visits: ordered.reduce((n, p) => n + p.stats.visits, 0),
      events: ordered.reduce((n, p) => n + p.stats.events, 0),
    },
    mergedInto: null,
    lastSessionId: lastVisit.lastSessionId ?? survivor.lastSessionId ?? null,
    lastVisitAt: lastVisit.lastVisitAt ?? survivor.lastVisitAt ?? null,
    version: Math.max(...ordered.map((p) => p.version)) + 1,
  };
  return { profile, conflicts };
}

/** A merged-away profile: kept for history, pointing at its survivor, never returned by `findByAnyId`. */
export function markMerged(profile: Profile, survivorId: string, now: string): Profile {
  return { ...profile, mergedInto: survivorId, updatedAt: now, version: profile.version + 1 };
}
