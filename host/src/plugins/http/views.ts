/** Builds what the plugin and marketplace routes answer: installed versions with usage and upgrades, marketplace items. */
import { compareVersions } from '../catalog.ts';
import type { InstalledPlugin } from '../catalog.types.ts';
import { isCompatible, signatureView, type MarketplaceEntry } from '../marketplace/index-entry.ts';
import type { PluginService } from '../service.ts';
import type { TrustedKey } from '../trust.ts';
import { destinationUsage, pluginUsage } from '../usage.ts';
import type { Store } from '../../storage/index.ts';
import type { InstalledPluginView, MarketplaceItemView } from './plugin.schemas.ts';

/** Newest version of an entry that this host can run, or null. */
function latestCompatible(entry: MarketplaceEntry | undefined): string | null {
  return entry?.versions.filter(isCompatible).map((v) => v.version).sort(compareVersions).at(-1) ?? null;
}

async function entriesByName(service: PluginService): Promise<Map<string, MarketplaceEntry>> {
  if (!service.index) return new Map();
  return new Map((await service.index.entries()).map((e) => [e.name, e]));
}

/** Every installed version with the flows and destinations that use it and the upgrade on offer. */
export async function installedViews(store: Store, service: PluginService): Promise<InstalledPluginView[]> {
  const [installed, usage, sending, entries] = await Promise.all([service.catalog.list(), pluginUsage(store), destinationUsage(store), entriesByName(service)]);
  return installed.map((p) => {
    const latest = latestCompatible(entries.get(p.name));
    const newestInstalled = installed.filter((q) => q.name === p.name).map((q) => q.version).sort(compareVersions).at(-1)!;
    return {
      ...p, usedBy: usage.get(p.id) ?? [], destinations: sending.get(p.id) ?? [], latest,
      upgradeAvailable: latest && compareVersions(latest, p.version) > 0 && compareVersions(latest, newestInstalled) >= 0 ? latest : null,
    };
  });
}

/** Marketplace items filtered by `q` (name, title, description, keywords) and `category` (case-insensitive). */
export async function marketplaceItems(service: PluginService, q?: string, category?: string): Promise<MarketplaceItemView[]> {
  const [entries, installed, keys] = await Promise.all([entriesByName(service), service.catalog.list(), trustMap(service)]);
  const needle = q?.trim().toLowerCase();
  const cat = category?.trim().toLowerCase();
  const out: MarketplaceItemView[] = [];
  for (const entry of [...entries.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    const item = toItem(entry, installed, keys);
    if (cat && item.category.toLowerCase() !== cat) continue;
    if (needle && ![item.name, item.title, item.description, ...item.keywords].some((s) => s.toLowerCase().includes(needle))) continue;
    out.push(item);
  }
  return out;
}

/** One marketplace item with its README, or null. */
export async function marketplaceItem(service: PluginService, name: string): Promise<MarketplaceItemView | null> {
  const entry = await service.index?.entry(name);
  if (!entry) return null;
  const [installed, keys] = await Promise.all([service.catalog.list(), trustMap(service)]);
  return { ...toItem(entry, installed, keys), readme: entry.readme };
}

async function trustMap(service: PluginService): Promise<Map<string, TrustedKey>> {
  return new Map((await service.trust.list()).map((k) => [k.id, k]));
}

function toItem(entry: MarketplaceEntry, installed: InstalledPlugin[], keys: Map<string, TrustedKey>): MarketplaceItemView {
  const mine = installed.filter((p) => p.name === entry.name);
  const latest = entry.versions.find((v) => v.version === entry.latest) ?? entry.versions[0];
  const versions = entry.versions.map((v) => {
    const rec = mine.find((p) => p.version === v.version);
    return {
      version: v.version, publishedAt: v.publishedAt, apiVersion: v.apiVersion, compatible: isCompatible(v), permissions: v.permissions,
      signature: signatureView(entry.name, v, keys), installed: Boolean(rec), enabled: rec ? rec.enabled : null,
    };
  });
  const newestCompatible = latestCompatible(entry);
  const newestInstalled = mine.map((p) => p.version).sort(compareVersions).at(-1);
  return {
    name: entry.name, title: latest.title, description: latest.description, category: latest.category, icon: latest.icon,
    keywords: entry.keywords, latest: entry.latest, permissions: latest.permissions, signature: signatureView(entry.name, latest, keys),
    versions, installed: mine.map((p) => p.version),
    upgradeAvailable: newestInstalled && newestCompatible && compareVersions(newestCompatible, newestInstalled) > 0 ? newestCompatible : null,
  };
}
