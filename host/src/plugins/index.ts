/**
 * Plugins: the catalog the workflow engine and the sandbox load plugin code from, the one install path (registry and
 * workspace packages alike), the content-addressed package store and the publisher trust store.
 *
 * Use: `const plugins = await createPluginService({ store, dataDir })`, then `plugins.catalog.get(name, version)`.
 */
export type { CatalogChange, InstalledPlugin, InstallOverride, InstallSource, LoadedPlugin, PluginCatalog, SignatureStatus } from './catalog.types.ts';
export { createPluginCatalog, listInstalled, compareVersions } from './catalog.ts';
export { openContentStore } from './cas.ts';
export type { ContentStore, StoredPackage } from './cas.ts';
export { createInstaller, isFirstPartyName } from './installer.ts';
export type { Installer, InstallOptions, InstallResult, PackageCandidate } from './installer.ts';
export { createTrustStore } from './trust.ts';
export type { TrustedKey, TrustStore } from './trust.ts';
export { installWorkspacePlugins } from './workspace.ts';
export type { WorkspaceInstallOutcome } from './workspace.ts';
export { createPluginService } from './service.ts';
export type { PluginService, PluginServiceOptions } from './service.ts';
export { PLUGIN_KEYWORD } from './internal/package-check.ts';
export { createPluginManager } from './manage.ts';
export type { PluginManager, RemoveResult } from './manage.ts';
export { pluginUsage, disableFlow } from './usage.ts';
export type { FlowUsage } from './usage.ts';
export { upgradeFlowNodes } from './upgrade.ts';
export type { UpgradeReport, NodeUpgradeReport, SaveDraft } from './upgrade.ts';
export { checkNameAndVersion, fetchRegistryCandidate } from './registry-source.ts';
export { createMarketplaceIndex } from './marketplace/marketplace-index.ts';
export type { MarketplaceIndex } from './marketplace/marketplace-index.ts';
export { entryFromPackument, signatureView, isCompatible } from './marketplace/index-entry.ts';
export type { MarketplaceEntry, IndexedVersion, SignatureView } from './marketplace/index-entry.ts';
export { defaultFlowHooks, connectWorkflow } from './flow-hooks.ts';
export type { FlowHooks, WorkflowLike } from './flow-hooks.ts';
export { createPluginDomain } from './setup.ts';
export type { PluginDomain, SeedStatus } from './setup.ts';
export { createRegistryUsers, SEED_USER } from './registry-users.ts';
export type { RegistryUsers, RegistryUser, RegistryCredentials } from './registry-users.ts';
export { pluginRoutes } from './http/plugins.route.ts';
export { marketplaceRoutes } from './http/marketplace.route.ts';
export { registryRoutes } from './http/registry.route.ts';
