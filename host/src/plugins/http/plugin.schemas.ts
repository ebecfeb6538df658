/** TypeBox schemas of the plugin, marketplace and registry routes (one name per schema and type, STYLE.md §3). */
import { Type, type Static } from 'typebox';

const Open = { additionalProperties: true } as const;

/** `{name, version}` of an exact plugin version. */
export const PluginRefBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 214, description: 'npm package name, e.g. `@tessera/plugin-log`' }),
  version: Type.String({ minLength: 1, maxLength: 64, description: 'Exact version, e.g. `1.0.0` (no ranges or tags)' }),
}, { additionalProperties: false });
/** `{name, version}` of an exact plugin version. */
export type PluginRefBody = Static<typeof PluginRefBody>;

/** Body of `POST /api/plugins/install`. */
export const InstallBody = Type.Object({
  name: PluginRefBody.properties.name,
  version: PluginRefBody.properties.version,
  allowUntrusted: Type.Optional(Type.Object({
    reason: Type.String({ minLength: 3, maxLength: 500, description: 'Why an unsigned or untrusted package is acceptable; recorded and shown' }),
  }, { additionalProperties: false, description: 'Administrator override for unsigned packages or publishers not in the trust store' })),
}, { additionalProperties: false });
/** Body of `POST /api/plugins/install`. */
export type InstallBody = Static<typeof InstallBody>;

/** Body of `POST /api/plugins/disable`. */
export const DisableBody = Type.Object({
  name: PluginRefBody.properties.name,
  version: PluginRefBody.properties.version,
  reason: Type.Optional(Type.String({ maxLength: 500 })),
}, { additionalProperties: false });
/** Body of `POST /api/plugins/disable`. */
export type DisableBody = Static<typeof DisableBody>;

/** Body of `POST /api/plugins/upgrade-node`. */
export const UpgradeNodeBody = Type.Object({
  flowId: Type.String({ minLength: 1 }),
  plugin: Type.String({ minLength: 1, maxLength: 214, description: 'Plugin name whose nodes move' }),
  version: Type.String({ minLength: 1, maxLength: 64, description: 'Installed version to move them to' }),
  nodeIds: Type.Optional(Type.Array(Type.String({ minLength: 1 }), { minItems: 1, description: 'Only these nodes (default: every node of that plugin)' })),
  apply: Type.Optional(Type.Boolean({ default: false, description: 'Save the draft when everything fits; false only reports' })),
}, { additionalProperties: false });
/** Body of `POST /api/plugins/upgrade-node`. */
export type UpgradeNodeBody = Static<typeof UpgradeNodeBody>;

/** Body of `POST /api/plugins/trust`. */
export const TrustBody = Type.Object({
  publisher: Type.String({ minLength: 1, maxLength: 200 }),
  publicKeyPem: Type.String({ minLength: 40, maxLength: 2000, description: 'Ed25519 public key, SPKI PEM (what `tessera-plugin keygen` prints)' }),
  firstParty: Type.Optional(Type.Boolean({ default: false, description: 'May sign `@tessera/*` packages: e.g. the first-party key of the staging installation that seeded a shared registry (`GET /api/registry` there shows it)' })),
}, { additionalProperties: false });
/** Body of `POST /api/plugins/trust`. */
export type TrustBody = Static<typeof TrustBody>;

/** Body of `POST /api/plugins/trust/remove`. */
export const UntrustBody = Type.Object({ keyId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
/** Body of `POST /api/plugins/trust/remove`. */
export type UntrustBody = Static<typeof UntrustBody>;

/** Query of `DELETE /api/plugins/{name}/{version}`. */
export const RemoveQuery = Type.Object({
  force: Type.Optional(Type.Boolean({ default: false, description: 'Remove even when published flows use it; those flows are disabled with a reason' })),
});
/** Query of `DELETE /api/plugins/{name}/{version}`. */
export type RemoveQuery = Static<typeof RemoveQuery>;

/** Query of `GET /api/marketplace`. */
export const MarketplaceQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Matches name, title, description and keywords' })),
  category: Type.Optional(Type.String({ maxLength: 60 })),
});
/** Query of `GET /api/marketplace`. */
export type MarketplaceQuery = Static<typeof MarketplaceQuery>;

/** An installed plugin version with its use by flows and whether a newer compatible version is published. */
export const InstalledPluginView = Type.Object({
  id: Type.String(), name: Type.String(), version: Type.String(), integrity: Type.String(), enabled: Type.Boolean(),
  disabledReason: Type.Optional(Type.String()),
  manifest: Type.Object({}, Open),
  signature: Type.Object({ status: Type.String(), keyId: Type.Union([Type.String(), Type.Null()]), publisher: Type.Union([Type.String(), Type.Null()]) }),
  override: Type.Optional(Type.Object({ by: Type.String(), at: Type.String(), reason: Type.String() })),
  source: Type.Object({}, Open),
  installedBy: Type.String(), installedAt: Type.String(),
  usedBy: Type.Array(Type.Object({
    flowId: Type.String(), flowName: Type.String(), liveNodes: Type.Array(Type.String()), draftNodes: Type.Array(Type.String()),
    publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  })),
  destinations: Type.Array(Type.Object({ destinationId: Type.String(), destinationName: Type.String() }), { description: 'Enabled destinations sending through this version' }),
  latest: Type.Union([Type.String(), Type.Null()], { description: 'Newest compatible version in the registry' }),
  upgradeAvailable: Type.Union([Type.String(), Type.Null()], { description: 'The newer compatible version, when there is one' }),
});
/** An installed plugin version, as listed. */
export type InstalledPluginView = Static<typeof InstalledPluginView>;

/** A signature as this installation judges it now. */
export const SignatureViewSchema = Type.Object({
  status: Type.String({ description: 'trusted | untrusted | unsigned | invalid | not-first-party' }),
  keyId: Type.Union([Type.String(), Type.Null()]),
  publisher: Type.Union([Type.String(), Type.Null()]),
});

/** One published version in the marketplace. */
export const MarketplaceVersionView = Type.Object({
  version: Type.String(), publishedAt: Type.Union([Type.String(), Type.Null()]), apiVersion: Type.Union([Type.String(), Type.Null()]),
  compatible: Type.Boolean(), permissions: Type.Object({}, Open), signature: SignatureViewSchema,
  installed: Type.Boolean(), enabled: Type.Union([Type.Boolean(), Type.Null()]),
});

/** A marketplace package (list item; the detail adds `readme`). */
export const MarketplaceItemView = Type.Object({
  name: Type.String(), title: Type.String(), description: Type.String(), category: Type.String(), icon: Type.String(),
  keywords: Type.Array(Type.String()), latest: Type.String(), permissions: Type.Object({}, Open), signature: SignatureViewSchema,
  versions: Type.Array(MarketplaceVersionView), installed: Type.Array(Type.String()),
  upgradeAvailable: Type.Union([Type.String(), Type.Null()]),
  readme: Type.Optional(Type.String()),
});
/** A marketplace package. */
export type MarketplaceItemView = Static<typeof MarketplaceItemView>;

/** Body of `POST /api/registry/users`. */
export const RegistryUserBody = Type.Object({
  name: Type.String({ minLength: 2, maxLength: 64, pattern: '^[a-z0-9][a-z0-9._-]{1,63}$', description: 'npm user name for the developer' }),
}, { additionalProperties: false });
/** Body of `POST /api/registry/users`. */
export type RegistryUserBody = Static<typeof RegistryUserBody>;

/** A registry user (no secrets). */
export const RegistryUserView = Type.Object({ name: Type.String(), createdBy: Type.String(), createdAt: Type.String(), tokenIssuedAt: Type.String() });

/** Credentials shown once. */
export const RegistryCredentialsView = Type.Object({
  user: RegistryUserView, registry: Type.String(), password: Type.String(), token: Type.String(),
  npmrc: Type.String({ description: 'Line for ~/.npmrc; equivalent to `npm login`' }),
});

/** `{name}` path parameter of a registry user. */
export const RegistryUserParams = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
/** `{name}` path parameter of a registry user. */
export type RegistryUserParams = Static<typeof RegistryUserParams>;
