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
import { createFetchMissing } from './internal/fetch-missing.ts';
import { createInstaller, type Installer } from './installer.ts';
import { createTrustStore, type TrustStore } from './trust.ts';
import { installWorkspacePlugins, type WorkspaceInstallOutcome } from './workspace.ts';
import type { RegistryClient } from '@tessera/marketplace/registry';
import { createPluginManager, type PluginManager } from './manage.ts';
import { createMarketplaceIndex, type MarketplaceIndex } from './marketplace/marketplace-index.ts';
import { checkNameAndVersion, fetchRegistryCandidate } from './registry-source.ts';
import type { InstallOptions, InstallResult } from './installer.ts';
import { listInstalled } from './catalog.ts';
import { userError } from '../errors/index.ts';
import { defaultFlowHooks, type FlowHooks } from './flow-hooks.ts';
import { upgradeFlowNodes, type UpgradeReport } from './upgrade.ts';

/** Everything the plugin domain offers the rest of the host. */
export interface PluginService {
  catalog: PluginCatalog;
  installer: Installer;
  trust: TrustStore;
  cas: ContentStore;
  changes: ChangeHub;
  /** The installation's first-party key (created on first start, trusted as first-party). */
  firstPartyKey: FirstPartyKey;
  /** How the plugin domain changes flows; the workflow engine may replace these (see flow-hooks.ts). */
  flowHooks: FlowHooks;
  /** Reports (and with `apply`, saves) moving a flow draft's nodes of a plugin to another installed version. */
  upgradeNodes(input: { flowId: string; plugin: string; toVersion: string; nodeIds?: string[]; apply?: boolean }): Promise<UpgradeReport>;
  /** Removal, enable and disable. */
  manager: PluginManager;
  /** The registry in use, or null when the installation runs without one. */
  registry: RegistryClient | null;
  /** The marketplace's own package index (null without a registry). */
  index: MarketplaceIndex | null;
  /** Resolves `name@version` (exact) in the registry and installs it through the one install path. */
  installFromRegistry(name: unknown, version: unknown, options: InstallOptions): Promise<InstallResult>;
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
  /** The plugin registry (embedded Verdaccio or REGISTRY_URL). */
  registry?: RegistryClient | null;
  /** Lists the package names the embedded registry stores (lets the index work without search). */
  listLocalNames?: () => string[];
  /** How old the marketplace index may get before a read refreshes it (ms). */
  indexMaxAgeMs?: number;
  /** Cheap change detector of the embedded registry (see MarketplaceIndexOptions.fingerprint). */
  registryFingerprint?: () => string;
  /** Told when the catalog fetched a recorded package this host's store lacked (for logs). */
  onPackageFetched?: (event: { plugin: string; integrity: string; registry: string; ms: number }) => void;
}

/** Creates the plugin service. */
export async function createPluginService(options: PluginServiceOptions): Promise<PluginService> {
  const cas = openContentStore(join(options.dataDir, 'plugins', 'store'));
  const trust = createTrustStore(options.store);
  const changes = createChangeHub(options.onListenerError);
  const installer = createInstaller({ store: options.store, cas, trust, changes });
  const registry = options.registry ?? null;
  // Records are shared by every host of the installation, package bytes are not: fetch what this host lacks.
  const ensureLocal = createFetchMissing({ cas, trust, registry, onFetched: options.onPackageFetched });
  const catalog = createPluginCatalog({ store: options.store, cas, changes, ensureLocal });
  const firstPartyKey = loadOrCreateFirstPartyKey(options.dataDir, options.secret);
  if (options.trustFirstPartyKey !== false) {
    await trust.add({ publisher: FIRST_PARTY_PUBLISHER, publicKeyPem: firstPartyKey.publicKeyPem, firstParty: true, actor: 'system:setup' });
  }
  const flowHooks = defaultFlowHooks(options.store);
  const manager = createPluginManager({ store: options.store, cas, changes, hooks: flowHooks });
  const index = registry
    ? createMarketplaceIndex({
      store: options.store, registry, listLocalNames: options.listLocalNames, maxAgeMs: options.indexMaxAgeMs, fingerprint: options.registryFingerprint,
      knownNames: async () => [...new Set((await listInstalled(options.store)).map((p) => p.name))],
    })
    : null;
  return {
    catalog, installer, trust, cas, changes, firstPartyKey, manager, registry, index, flowHooks,
    upgradeNodes: (input) => upgradeFlowNodes({ store: options.store, saveDraft: (id, draft) => flowHooks.saveDraft(id, draft) }, input),
    async installFromRegistry(name, version, installOptions) {
      const checked = checkNameAndVersion(name, version);
      if (!registry) throw userError('registry_not_configured', 'this installation has no plugin registry', 409);
      const candidate = await fetchRegistryCandidate(registry, checked.name, checked.version);
      return installer.install(candidate, installOptions);
    },
    installWorkspacePlugins: (o = {}) => installWorkspacePlugins({ installer, key: firstPartyKey, ...o }),
  };
}
