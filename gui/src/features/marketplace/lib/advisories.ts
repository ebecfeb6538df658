import type { Flow, InstalledPlugin } from '../../../api/index.ts';
import { compareVersions, latestVersion } from '../../../lib/semver.ts';

/** Where one plugin version is used. */
export interface PluginUsage {
  flowId: string;
  flowName: string;
  version: string;
  nodeIds: string[];
}

/** An upgrade available for a plugin, and the flows still pinned to an older version. */
export interface UpgradeAdvisory {
  name: string;
  latest: string;
  installedLatest: string;
  /** True when the newest version is not installed yet (it must be installed before flows can use it). */
  needsInstall: boolean;
  affected: PluginUsage[];
}

/** Every (flow, plugin version) pair used by the flows' nodes. */
export function pluginUsages(flows: readonly Flow[], name?: string): PluginUsage[] {
  const out: PluginUsage[] = [];
  for (const flow of flows) {
    const byVersion = new Map<string, { name: string; ids: string[] }>();
    for (const node of flow.nodes ?? []) {
      if (!node.plugin || (name && node.plugin.name !== name)) continue;
      const key = `${node.plugin.name}@${node.plugin.version}`;
      const entry = byVersion.get(key) ?? { name: node.plugin.name, ids: [] };
      entry.ids.push(node.id);
      byVersion.set(key, entry);
    }
    for (const [key, { ids }] of byVersion) out.push({ flowId: flow.id, flowName: flow.name, version: key.slice(key.lastIndexOf('@') + 1), nodeIds: ids });
  }
  return out;
}

/**
 * Advisories for installed plugins with a newer version, either in the marketplace (`available`, name → versions)
 * or already installed side by side. Each lists the flows whose nodes pin an older version.
 */
export function upgradeAdvisories(installed: readonly InstalledPlugin[], available: Record<string, string[]>, flows: readonly Flow[]): UpgradeAdvisory[] {
  const names = [...new Set(installed.map((p) => p.name))].sort();
  const out: UpgradeAdvisory[] = [];
  for (const name of names) {
    const installedLatest = latestVersion(installed.filter((p) => p.name === name).map((p) => p.version))!;
    const latest = latestVersion([installedLatest, ...(available[name] ?? [])])!;
    const affected = pluginUsages(flows, name).filter((u) => compareVersions(u.version, latest) < 0);
    const needsInstall = compareVersions(latest, installedLatest) > 0;
    if (needsInstall || affected.length) out.push({ name, latest, installedLatest, needsInstall, affected });
  }
  return out;
}
