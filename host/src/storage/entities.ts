/**
 * The stored entities: profile, session and event. Each TypeBox schema shares its name with its static type
 * (STYLE.md §3); routes serialise with these schemas and the GUI imports the types.
 */
import { Type, type Static } from 'typebox';

const Json = Type.Record(Type.String(), Type.Unknown());

/** A consent a profile gave or refused for one purpose. */
export const Consent = Type.Object({
  granted: Type.Boolean(),
  at: Type.String({ description: 'ISO time the consent was given or revoked' }),
  expiresAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  source: Type.Optional(Type.String()),
});
/** A consent a profile gave or refused for one purpose. */
export type Consent = Static<typeof Consent>;

/** One customer. `ids` holds every id that resolves to it (merged profiles' ids, identification ids). */
export const Profile = Type.Object({
  id: Type.String(),
  ids: Type.Array(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  traits: Json,
  pii: Json,
  consents: Type.Record(Type.String(), Consent),
  segments: Type.Array(Type.String()),
  stats: Type.Object({ visits: Type.Integer(), events: Type.Integer() }),
  /** Set on a profile merged into another one; such profiles are never returned by `findByAnyId`. */
  mergedInto: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  lastSessionId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  lastVisitAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Monotonic version, incremented on every write; used for optimistic concurrency by adapters that need it. */
  version: Type.Integer(),
});
/** One customer. */
export type Profile = Static<typeof Profile>;

/** A visit: consecutive activity of one profile from one device. */
export const Session = Type.Object({
  id: Type.String(),
  profileId: Type.Union([Type.String(), Type.Null()]),
  sourceId: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  status: Type.Union([Type.Literal('active'), Type.Literal('started'), Type.Literal('ended')]),
  context: Json,
  properties: Json,
  device: Type.Optional(Json),
  version: Type.Integer(),
});
/** A visit. */
export type Session = Static<typeof Session>;

/** An event as stored. `time` is when it happened (client-supplied create time or arrival); `insertedAt` is arrival. */
export const TrackedEvent = Type.Object({
  id: Type.String(),
  type: Type.String(),
  sourceId: Type.String(),
  profileId: Type.Union([Type.String(), Type.Null()]),
  sessionId: Type.Union([Type.String(), Type.Null()]),
  time: Type.String(),
  insertedAt: Type.String(),
  properties: Json,
  context: Json,
  options: Json,
  tags: Type.Array(Type.String()),
  /** `collected` on arrival, `processed` after workflows ran, `error` when a workflow failed on it. */
  status: Type.String(),
  /** Set for system events (`profile-created`, `session-opened`, `visit-started`). */
  system: Type.Optional(Type.Boolean()),
  /** Trace of the flows that ran for it (flow id, version, status), kept short. */
  flows: Type.Optional(Type.Array(Json)),
});
/** An event as stored. */
export type TrackedEvent = Static<typeof TrackedEvent>;
