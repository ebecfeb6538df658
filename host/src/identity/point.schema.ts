/** Identification points (Tracardi §3.8): which profile fields identify a person, and which event values fill them. */
import { Type, type Static } from 'typebox';

/** A dot path into the profile's `traits` or `pii`, e.g. `pii.email`, `traits.customerId`. */
export const PROFILE_FIELD_PATTERN = '^(traits|pii)(\\.[A-Za-z0-9_$-]{1,64}){1,8}$';
/** A dot path into an event's `properties` or `context`, e.g. `properties.email`. */
export const EVENT_FIELD_PATTERN = '^(properties|context)(\\.[A-Za-z0-9_$-]{1,64}){1,8}$';

/** One identifying field: the profile field, and where events of the point carry its value. */
export const IdentificationField = Type.Object({
  profile: Type.String({ pattern: PROFILE_FIELD_PATTERN, description: 'Profile field that identifies a person, e.g. `pii.email`' }),
  event: Type.Optional(Type.String({ pattern: EVENT_FIELD_PATTERN, description: 'Where matching events carry the value, e.g. `properties.email`; absent: the field is a merge key only' })),
}, { additionalProperties: false });
/** One identifying field. */
export type IdentificationField = Static<typeof IdentificationField>;

/** Body of `POST /api/identification-points` and `PUT /api/identification-points/{id}`. */
export const IdentificationPointInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  source: Type.Optional(Type.String({ minLength: 1, maxLength: 128, default: 'any', description: 'Event source id, or `any`' })),
  eventType: Type.Optional(Type.String({ minLength: 1, maxLength: 200, default: '*', description: 'Event type (normalised like events), or `*`' })),
  fields: Type.Array(IdentificationField, { minItems: 1, maxItems: 10 }),
}, { additionalProperties: false });
/** Body of the create/replace routes. */
export type IdentificationPointInput = Static<typeof IdentificationPointInput>;

/** An identification point as stored and shown. */
export const IdentificationPoint = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  enabled: Type.Boolean(),
  source: Type.String(),
  eventType: Type.String(),
  fields: Type.Array(IdentificationField),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** An identification point as stored and shown. */
export type IdentificationPoint = Static<typeof IdentificationPoint>;
