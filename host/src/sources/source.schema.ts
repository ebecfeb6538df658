/** Event source schemas: what is stored, what the API shows, what it accepts. */
import { Type, type Static } from 'typebox';

/** Closed list of source types; bridges (queue, mqtt, ...) are added here when they arrive. */
export const SOURCE_TYPES = ['rest', 'webhook'] as const;
/** A source type. */
export type SourceType = (typeof SOURCE_TYPES)[number];

/** Which source types each collector endpoint accepts. */
export const ENDPOINT_SOURCE_TYPES = {
  track: ['rest'],
  collect: ['webhook'],
} as const satisfies Record<string, readonly SourceType[]>;

const SourceTypeSchema = Type.Union([Type.Literal('rest'), Type.Literal('webhook')], { description: '`rest` for /track, `webhook` for /collect' });
const Origin = Type.String({ minLength: 1, maxLength: 300, description: '`*` or an origin such as `https://shop.example.com`' });

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  type: SourceTypeSchema,
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  ephemeral: Type.Optional(Type.Boolean({ default: false, description: 'Process events but store nothing (no profile, session or event)' })),
  allowedOrigins: Type.Optional(Type.Array(Origin, { maxItems: 100, default: ['*'], description: 'Browser origins allowed to send (CORS); `*` allows any' })),
  allowStaticProfileIds: Type.Optional(Type.Boolean({ default: false, description: 'Honour an unknown client-given profile id by creating the profile with that id' })),
  secret: Type.Optional(Type.Union([Type.String({ minLength: 8, maxLength: 512 }), Type.Null()], {
    description: 'When set, callers must send it in the `x-tessera-secret` header; null removes it. Stored encrypted, never shown again.',
  })),
};

/** Body of `POST /api/sources`; `id` is generated when absent. */
export const SourceInput = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^@\\s][^\\s]*$', description: 'Lower-cased; may not start with `@`' })),
  ...editable,
}, { additionalProperties: false });
/** Body of `POST /api/sources`. */
export type SourceInput = Static<typeof SourceInput>;

/** Body of `PUT /api/sources/{id}`: the full source; `secret` absent keeps the current one. */
export const SourceUpdate = Type.Object(editable, { additionalProperties: false });
/** Body of `PUT /api/sources/{id}`. */
export type SourceUpdate = Static<typeof SourceUpdate>;

/** A source as the API shows it: the secret is never returned, only whether one is set. */
export const SourceView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: SourceTypeSchema,
  description: Type.String(),
  enabled: Type.Boolean(),
  ephemeral: Type.Boolean(),
  allowedOrigins: Type.Array(Type.String()),
  allowStaticProfileIds: Type.Boolean(),
  hasSecret: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** A source as the API shows it. */
export type SourceView = Static<typeof SourceView>;

/** A source as stored (configuration kind `sources`): `secret` is AES-GCM sealed. */
export interface StoredSource extends Omit<SourceView, 'hasSecret'> {
  secret: string | null;
}

/** The public view of a stored source. */
export function viewSource(s: StoredSource): SourceView {
  const { secret, ...rest } = s;
  return { ...rest, hasSecret: secret !== null };
}
