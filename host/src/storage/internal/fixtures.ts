/** Document factories for the contract suite: valid entities tagged with a per-test namespace. */
import type { Profile, Session, TrackedEvent } from '../entities.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** An ISO time `minutes` after a fixed origin, so sort order is known. */
export function at(minutes: number): string {
  return new Date(T0 + minutes * 60_000).toISOString();
}

/** A valid profile; `ns` goes into `traits.ns` so tests can scope their queries. */
export function makeProfile(ns: string, id: string, over: Partial<Profile> = {}): Profile {
  return {
    id, ids: [], createdAt: at(0), updatedAt: at(0), traits: { ns }, pii: {}, consents: {}, segments: [],
    stats: { visits: 0, events: 0 }, version: 1, ...over,
  };
}

/** A valid session; `ns` is its `sourceId`. */
export function makeSession(ns: string, id: string, over: Partial<Session> = {}): Session {
  return { id, profileId: null, sourceId: ns, createdAt: at(0), updatedAt: at(0), status: 'active', context: {}, properties: {}, version: 1, ...over };
}

/** A valid event; `ns` is its `sourceId`. */
export function makeEvent(ns: string, id: string, over: Partial<TrackedEvent> = {}): TrackedEvent {
  return {
    id, type: 'page-view', sourceId: ns, profileId: null, sessionId: null, time: at(0), insertedAt: at(0),
    properties: {}, context: {}, options: {}, tags: [], status: 'collected', ...over,
  };
}
