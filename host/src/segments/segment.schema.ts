/** Segments: named groups of profiles defined by a condition over the profile. */
import { Type, type Static } from 'typebox';

/** Body of `POST /api/segments` and `PUT /api/segments/{id}`. */
export const SegmentInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, description: 'The value added to `profile.segments` (as the add-segment plugin adds it)' }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  condition: Type.String({ minLength: 1, maxLength: 4000, description: 'Condition over the profile, e.g. `profile@traits.plan == "pro" AND profile@stats.visits > 3`' }),
  enabled: Type.Optional(Type.Boolean({ default: true })),
}, { additionalProperties: false });
/** Body of the create/replace routes. */
export type SegmentInput = Static<typeof SegmentInput>;

/** A segment as stored and shown. */
export const Segment = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  condition: Type.String(),
  enabled: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** A segment as stored and shown. */
export type Segment = Static<typeof Segment>;
