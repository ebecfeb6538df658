/** Builders for new profiles, sessions and events, so every stage creates them the same way. */
import { uuidv7 } from './ids.ts';
import type { Profile, Session, TrackedEvent } from '../../storage/index.ts';
import type { NormalisedEvent } from '../types.ts';

/** A fresh profile. */
export function newProfile(id: string, now: string): Profile {
  return {
    id, ids: [id], createdAt: now, updatedAt: now, traits: {}, pii: {}, consents: {}, segments: [],
    stats: { visits: 0, events: 0 }, mergedInto: null, lastSessionId: null, lastVisitAt: null, version: 0,
  };
}

/** A fresh session of `profileId` opened through `sourceId`. */
export function newSession(id: string, profileId: string | null, sourceId: string, now: string): Session {
  return { id, profileId, sourceId, createdAt: now, updatedAt: now, status: 'active', context: {}, properties: {}, version: 0 };
}

/** Where an event belongs. */
export interface EventOwner {
  sourceId: string;
  profileId: string | null;
  sessionId: string | null;
  insertedAt: string;
}

/** A payload event as stored. */
export function trackedEvent(e: NormalisedEvent, owner: EventOwner): TrackedEvent {
  return {
    id: e.id, type: e.type, sourceId: owner.sourceId, profileId: owner.profileId, sessionId: owner.sessionId,
    time: e.time, insertedAt: owner.insertedAt, properties: e.properties, context: e.context, options: e.options,
    tags: e.tags, status: 'collected',
  };
}

/** A system event (`profile-created`, `session-opened`, `visit-started`). */
export function systemEvent(type: string, owner: EventOwner): TrackedEvent {
  return {
    id: uuidv7(), type, sourceId: owner.sourceId, profileId: owner.profileId, sessionId: owner.sessionId,
    time: owner.insertedAt, insertedAt: owner.insertedAt, properties: {}, context: {}, options: {}, tags: [],
    status: 'collected', system: true,
  };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep merge of plain objects; arrays and scalars from `patch` replace. Returns a new object. */
export function deepMerge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const current = out[k];
    out[k] = isPlainObject(current) && isPlainObject(v) ? deepMerge(current, v) : v;
  }
  return out;
}
