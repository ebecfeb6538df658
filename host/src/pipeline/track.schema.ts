/**
 * Tracardi's TrackerPayload and track response, as TypeBox schemas. Unknown top-level keys are ignored, as Tracardi
 * does (the JS tracker sends `device`, for instance).
 */
import { Type, type Static } from 'typebox';

const Json = Type.Record(Type.String(), Type.Unknown());
const NonBlank = (description: string, maxLength = 256) => Type.String({ minLength: 1, maxLength, pattern: '\\S', description });
const Entity = (what: string) => Type.Union([Type.Object({ id: NonBlank(`${what} id`) }), Type.Null()]);

/** One event of a TrackerPayload. */
export const EventPayload = Type.Object({
  id: Type.Optional(NonBlank('Event id; a uuid is generated when absent')),
  type: NonBlank('Event type; lower-cased, spaces become dashes', 128),
  properties: Type.Optional(Json),
  options: Type.Optional(Json),
  context: Type.Optional(Json),
  time: Type.Optional(Type.Union([
    Type.String({ description: 'ISO time the event happened' }),
    Type.Object({ create: Type.Optional(Type.Union([Type.String(), Type.Null()])) }),
    Type.Null(),
  ])),
  tags: Type.Optional(Type.Array(Type.String({ maxLength: 128 }), { maxItems: 100 })),
});
/** One event of a TrackerPayload. */
export type EventPayload = Static<typeof EventPayload>;

/** Payload-level options; all are booleans, as Tracardi's `is_on` requires. */
export const TrackOptions = Type.Object({
  saveSession: Type.Optional(Type.Boolean()),
  saveEvents: Type.Optional(Type.Boolean()),
  saveProfile: Type.Optional(Type.Boolean()),
  debugger: Type.Optional(Type.Boolean({ description: 'With TRACK_DEBUG=yes, the response carries per-stage timings' })),
});

/** The body of `POST /track`; `maxEvents` comes from TRACK_MAX_EVENTS. */
export function trackerPayloadSchema(maxEvents: number) {
  return Type.Object({
    source: Type.Object({ id: NonBlank('Event source id') }),
    session: Type.Optional(Entity('Session')),
    profile: Type.Optional(Entity('Profile')),
    context: Type.Optional(Json),
    properties: Type.Optional(Json),
    events: Type.Array(EventPayload, { maxItems: maxEvents, description: `At most ${maxEvents} events (TRACK_MAX_EVENTS)` }),
    options: Type.Optional(TrackOptions),
  }, { description: "Tracardi's TrackerPayload" });
}
/** The body of `POST /track`. */
export type TrackerPayload = Static<ReturnType<typeof trackerPayloadSchema>>;

/** Time spent in one pipeline stage. */
export const StageTiming = Type.Object({ stage: Type.String(), ms: Type.Number() });
/** Time spent in one pipeline stage. */
export type StageTiming = Static<typeof StageTiming>;

/** The answer to `POST /track` and `/collect`. */
export const TrackResponse = Type.Object({
  profile: Type.Union([Type.Object({ id: Type.String() }), Type.Null()]),
  session: Type.Union([Type.Object({ id: Type.String() }), Type.Null()]),
  events: Type.Array(Type.String(), { description: 'Ids of the events of the request, in order' }),
  ux: Type.Array(Type.Unknown()),
  response: Json,
  errors: Type.Array(Type.String()),
  warnings: Type.Array(Type.String()),
  debug: Type.Optional(Type.Object({ stages: Type.Array(StageTiming) })),
});
/** The answer to `POST /track` and `/collect`. */
export type TrackResponse = Static<typeof TrackResponse>;
