/**
 * Wires the plugin domain together once at start-up (STYLE.md §8): content-addressed store, trust store, installer,
 * catalog, and the installation's first-party key.
 */
import { join } from 'node:path';
import { FIRST_PARTY_PUBLISHER, loadOrCreateFirstPartyKey, type FirstPartyKey } from '@tessera/marketplace/keys';
import type { Store } from '../storage/index.ts';
import { openContentStore, type ContentStore } from './cas.ts';
import { createPluginCatalog } from './catalog.ts';
import type { PluginCatalog } from './catalog.types.ts';
import { createChangeHub, type ChangeHub } from './internal/changes.ts';
import { createInstaller, type Installer } from './installer.ts';
import { createTrustStore, type TrustStore } from './trust.ts';
import { installWorkspacePlugins, type WorkspaceInstallOutcome } from './workspace.ts';

/** Everything the plugin domain offers the rest of the host. */
export interface PluginService {
  catalog: PluginCatalog;
  installer: Installer;
  trust: TrustStore;
  cas: ContentStore;
  changes: ChangeHub;
  /** The installation's first-party key (created on first start, trusted as first-party). */
  firstPartyKey: FirstPartyKey;
  /** Installs the workspace's `plugins/*` through the regular install path (see `workspace.ts`). */
  installWorkspacePlugins(options?: { only?: readonly string[]; pluginsDir?: string }): Promise<WorkspaceInstallOutcome[]>;
}

/** Options of {@link createPluginService}. */
export interface PluginServiceOptions {
  store: Store;
  /** The installation's data folder; the plugin store lives in `<dataDir>/plugins`, keys in `<dataDir>/keys`. */
  dataDir: string;
  /** `TESSERA_SECRET`: when set, the first-party private key is encrypted with it at rest. */
  secret?: string;
  /** Trust the first-party key (true in the embedded setup; with an external registry the admin decides). */
  trustFirstPartyKey?: boolean;
  onListenerError?: (err: unknown) => void;
}

/** Creates the plugin service. */
export async function createPluginService(options: PluginServiceOptions): Promise<PluginService> {
  const cas = openContentStore(join(options.dataDir, 'plugins', 'store'));
  const trust = createTrustStore(options.store);
  const changes = createChangeHub(options.onListenerError);
  const installer = createInstaller({ store: options.store, cas, trust, changes });
  const catalog = createPluginCatalog({ store: options.store, cas, changes });
  const firstPartyKey = loadOrCreateFirstPartyKey(options.dataDir, options.secret);
  if (options.trustFirstPartyKey !== false) {
    await trust.add({ publisher: FIRST_PARTY_PUBLISHER, publicKeyPem: firstPartyKey.publicKeyPem, firstParty: true, actor: 'system:setup' });
  }
  return {
    catalog, installer, trust, cas, changes, firstPartyKey,
    installWorkspacePlugins: (o = {}) => installWorkspacePlugins({ installer, key: firstPartyKey, ...o }),
  };
}
