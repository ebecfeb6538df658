/** Destinations: what an administrator sends, what is stored (credentials sealed), what the API shows (masked). */
import { Type, type Static } from 'typebox';

const Json = Type.Record(Type.String(), Type.Unknown());

/** What credential values look like in API answers: never the value itself. */
export const MASK = '********';

/** When a destination receives data. */
export const DestinationTrigger = Type.Union([Type.Literal('profile-changed'), Type.Literal('event')], {
  description: '`event`: every matching event; `profile-changed`: once per request whose profile data changed',
});
/** When a destination receives data. */
export type DestinationTrigger = Static<typeof DestinationTrigger>;

/** Retries of a failing delivery (operational errors only), then a dead letter. */
export const Delivery = Type.Object({
  attempts: Type.Integer({ minimum: 1, maximum: 20, default: 5, description: 'Attempts before the job becomes a dead letter' }),
  backoffMs: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 2000, description: 'Wait before the first retry, doubled each time' }),
}, { additionalProperties: false });
/** Retries of a failing delivery. */
export type Delivery = Static<typeof Delivery>;

const PluginRef = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 214 }),
  version: Type.String({ minLength: 1, maxLength: 64 }),
}, { additionalProperties: false });

/** Credentials per resource name (`{auth: {token: '...'}}`); the plugin receives those its manifest declares. */
const Resources = Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Record(Type.String({ minLength: 1, maxLength: 100 }), Type.Unknown()), {
  description: `Credentials, stored encrypted and never shown again (answers show ${MASK}); sending ${MASK} back keeps a value`,
});

const editable = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
  plugin: PluginRef,
  config: Type.Optional(Json),
  resources: Type.Optional(Type.Union([Resources, Type.Null()])),
  on: DestinationTrigger,
  eventTypes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100, description: '`on: event` only: these types (default: every non-system event)' })),
  condition: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()], { description: 'Condition language over event@, profile@, session@' })),
  enabled: Type.Optional(Type.Boolean({ default: true })),
  delivery: Type.Optional(Delivery),
};

/** Body of `POST /api/destinations`; `id` is generated when absent. */
export const DestinationInput = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, pattern: '^[^@\\s][^\\s]*$', description: 'Lower-cased; may not start with `@`' })),
  ...editable,
}, { additionalProperties: false });
/** Body of `POST /api/destinations`. */
export type DestinationInput = Static<typeof DestinationInput>;

/** Body of `PUT /api/destinations/{id}`: the whole destination; `resources` absent keeps the stored credentials. */
export const DestinationUpdate = Type.Object(editable, { additionalProperties: false });
/** Body of `PUT /api/destinations/{id}`. */
export type DestinationUpdate = Static<typeof DestinationUpdate>;

/** A destination as the API shows it: credential values masked. */
export const DestinationView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  plugin: PluginRef,
  config: Json,
  resources: Type.Record(Type.String(), Type.Record(Type.String(), Type.Literal(MASK))),
  on: DestinationTrigger,
  eventTypes: Type.Array(Type.String()),
  condition: Type.Union([Type.String(), Type.Null()]),
  enabled: Type.Boolean(),
  disabledReason: Type.Optional(Type.String({ description: 'Why the destination was disabled by the system (e.g. its plugin was uninstalled)' })),
  delivery: Delivery,
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
/** A destination as the API shows it. */
export type DestinationView = Static<typeof DestinationView>;

/**
 * A destination as stored (configuration kind `destinations`): `sealedResources` is the AES-GCM sealed JSON of the
 * credentials; `resourceKeys` keeps only their names, to show them masked without decrypting.
 */
export interface StoredDestination extends Omit<DestinationView, 'resources'> {
  sealedResources: string | null;
  resourceKeys: Record<string, string[]>;
}

/** The public view of a stored destination. */
export function viewDestination(d: StoredDestination): DestinationView {
  const { sealedResources: _sealed, resourceKeys, ...rest } = d;
  const resources: Record<string, Record<string, typeof MASK>> = {};
  for (const [name, keys] of Object.entries(resourceKeys)) resources[name] = Object.fromEntries(keys.map((k) => [k, MASK]));
  return { ...rest, resources };
}
