import type { PluginKind } from '../define/define-plugin.ts';

/** Access level to the profile, session or event. */
export type AccessLevel = 'none' | 'read' | 'write';

/** Scope of the plugin's key-value store. */
export type KvScope = 'none' | 'plugin' | 'profile';

/** What a plugin may do; everything not declared here is refused by the host. */
export interface ManifestPermissions {
  /** Hosts the plugin may fetch: exact (`api.example.com`) or subdomains (`*.example.com`). */
  network: string[];
  profile: AccessLevel;
  session: AccessLevel;
  event: AccessLevel;
  /** Whether the plugin may see and write `profile.pii`. */
  pii: boolean;
  /** Consent purposes the plugin serves; `ctx.consent.granted` answers only for these. */
  consent: string[];
  /** Names of administrator-configured resources (credentials) the node may receive. */
  resources: string[];
  kv: KvScope;
  mail: boolean;
}

/** Per-call limits the plugin asks for; the host caps them with its own maximum. */
export interface ManifestLimits {
  timeoutMs: number;
  memoryMb: number;
}

/** The `"tessera"` block of a plugin's package.json, after defaults were applied. */
export interface Manifest {
  apiVersion: string;
  kind: PluginKind;
  title: string;
  description: string;
  category: string;
  icon: string;
  /** Path (relative to the package root) of the one bundled JS file. */
  entry: string;
  /** JSON Schema of the node's configuration, with defaults. */
  config: Record<string, unknown>;
  inputs: string[];
  outputs: string[];
  permissions: ManifestPermissions;
  limits: ManifestLimits;
}

/** A manifest as written by hand: everything with a default may be left out. */
export type ManifestInput = Pick<Manifest, 'apiVersion' | 'kind' | 'title' | 'entry'>
  & Partial<Omit<Manifest, 'permissions' | 'limits'>>
  & { permissions?: Partial<ManifestPermissions>; limits?: Partial<ManifestLimits> };

/** One validation problem, with the path of the offending field (dot notation, `''` for the root). */
export interface FieldError {
  path: string;
  message: string;
}
