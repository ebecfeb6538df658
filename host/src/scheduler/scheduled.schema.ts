/** Scheduled events: what an operator sends, what is stored while an event is pending, what the API shows. */
import { Type, type Static } from 'typebox';

const Json = Type.Record(Type.String(), Type.Unknown());

/** Longest delay a scheduled event may have (the queue keeps jobs for at most 366 days). */
export const MAX_DELAY_SECONDS = 365 * 86_400;

/** Body of `POST /api/events/schedule`: give exactly one of `delaySeconds` and `at`. */
export const ScheduleInput = Type.Object({
  eventType: Type.String({ minLength: 1, maxLength: 200, description: 'Type of the event to inject, e.g. `reminder`' }),
  profileId: Type.String({ minLength: 1, maxLength: 200, description: 'Any id of the profile the event belongs to' }),
  sessionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "A session of that profile (default: the profile's last session)" })),
  delaySeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_DELAY_SECONDS, description: 'Fire this many seconds from now' })),
  at: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'Fire at this ISO time (within a year)' })),
  properties: Type.Optional(Json),
}, { additionalProperties: false });
/** Body of `POST /api/events/schedule`. */
export type ScheduleInput = Static<typeof ScheduleInput>;

/** Who asked for a scheduled event. */
export const ScheduleOrigin = Type.Object({
  kind: Type.Union([Type.Literal('flow'), Type.Literal('api')]),
  flowId: Type.Optional(Type.String()),
  nodeId: Type.Optional(Type.String()),
  plugin: Type.Optional(Type.String()),
  eventId: Type.Optional(Type.String({ description: 'The event whose flow scheduled it' })),
  by: Type.Optional(Type.String({ description: 'The operator (user id) who scheduled it' })),
});
/** Who asked for a scheduled event. */
export type ScheduleOrigin = Static<typeof ScheduleOrigin>;

/** A pending scheduled event (configuration kind `scheduled-events`); deleted once it fired or was cancelled. */
export const ScheduledEvent = Type.Object({
  id: Type.String({ description: 'Also the id the injected event will have' }),
  eventType: Type.String(),
  properties: Json,
  profileId: Type.String(),
  sessionId: Type.Union([Type.String(), Type.Null()]),
  dueAt: Type.String({ description: 'ISO time it fires (give or take the queue poll interval)' }),
  createdAt: Type.String(),
  /** How many scheduled events led to this one (1 for one scheduled by a live event or an operator). */
  depth: Type.Integer(),
  origin: ScheduleOrigin,
});
/** A pending scheduled event. */
export type ScheduledEvent = Static<typeof ScheduledEvent>;
