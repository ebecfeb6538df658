/** Types shared by the plugin catalog, the installer and the routes. */
import type { Manifest } from '@tessera/plugin-sdk/manifest';

/** Where an installed package came from. */
export type InstallSource =
  | { kind: 'registry'; registry: string; tarball: string }
  | { kind: 'workspace'; path: string };

/**
 * How the publisher signature was judged at install time. `trusted`: valid signature by a key in the trust store.
 * `override-unsigned` / `override-untrusted`: installed anyway by an administrator's explicit override.
 */
export type SignatureStatus = 'trusted' | 'override-unsigned' | 'override-untrusted';

/** The administrator override that let an unsigned or untrusted package in; always recorded and shown. */
export interface InstallOverride {
  by: string;
  at: string;
  reason: string;
}

/** One installed plugin version, as recorded in the store's `plugins` collection (id `name@version`). */
export interface InstalledPlugin {
  id: string;
  name: string;
  version: string;
  /** sha512 SRI of the exact tarball; also the key of its folder in the content-addressed store. */
  integrity: string;
  manifest: Manifest;
  /** Whether flows may run this version. Disabled versions stay installed. */
  enabled: boolean;
  disabledReason?: string;
  signature: { status: SignatureStatus; keyId: string | null; publisher: string | null };
  override?: InstallOverride;
  source: InstallSource;
  installedBy: string;
  installedAt: string;
}

/** A plugin version ready to run: what the sandbox needs, read from the content-addressed store and re-verified. */
export interface LoadedPlugin {
  name: string;
  version: string;
  manifest: Manifest;
  /** The bundled entry file (`manifest.entry`) as JavaScript source. */
  code: string;
  /** sha512 SRI of the package tarball, checked again while loading. */
  integrity: string;
}

/** A change to the set of runnable plugin versions; the sandbox drops isolate pools of `name@version` on it. */
export interface CatalogChange {
  type: 'installed' | 'removed' | 'enabled' | 'disabled';
  name: string;
  version: string;
  /** Set when the change was announced by another host of the installation. */
  origin?: string;
}

/**
 * What the workflow engine and the sandbox use to find plugin code. Everything comes from the content-addressed
 * store; nothing is ever loaded from `node_modules` or the workspace directly.
 */
export interface PluginCatalog {
  /**
   * Loads an installed, enabled plugin version, verifying the tarball's integrity and the extracted entry on every
   * call (about a millisecond): call it when an isolate pool is built, not per event.
   * Throws `plugin_not_installed` (404) or `plugin_disabled` (409), or `plugin_store_corrupt` (500) on tampering.
   */
  get(name: string, version: string): Promise<LoadedPlugin>;
  /** True when `name@version` is installed (enabled or not). */
  has(name: string, version: string): Promise<boolean>;
  /** Every installed plugin version, sorted by name then version. */
  list(): Promise<InstalledPlugin[]>;
  /** The install record of `name@version`, or null. */
  record(name: string, version: string): Promise<InstalledPlugin | null>;
  /** Calls `listener` after every install, removal, enable or disable; returns the unsubscribe function. */
  subscribe(listener: (change: CatalogChange) => void): () => void;
}
