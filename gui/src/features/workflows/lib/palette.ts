import type { InstalledPlugin, PluginManifest } from '../../../api/index.ts';
import { compareVersions } from '../../../lib/semver.ts';

/** The drag payload type the canvas accepts from the palette. */
export const DRAG_TYPE = 'application/x-tessera-plugin';

/** A category of the editor's palette with its plugins. */
export interface PaletteGroup {
  category: string;
  items: InstalledPlugin[];
}

/** Names of a manifest's ports, whether declared as strings, `{name}` objects or a map. */
export function portNames(ports: unknown, fallback: string[]): string[] {
  if (Array.isArray(ports)) {
    const names = ports.map((p) => (typeof p === 'string' ? p : p && typeof p === 'object' ? String((p as { name?: unknown }).name ?? '') : '')).filter(Boolean);
    return names.length ? names : fallback;
  }
  if (ports && typeof ports === 'object') {
    const names = Object.keys(ports);
    return names.length ? names : fallback;
  }
  return fallback;
}

/** The manifest title, or the package name without its scope and `plugin-` prefix. */
export function pluginTitle(name: string, manifest?: Partial<PluginManifest>): string {
  return manifest?.title || name.replace(/^@[^/]+\//, '').replace(/^plugin-/, '');
}

/**
 * Groups installed, enabled plugins by category for the palette, keeping only those matching `query` (title, name,
 * description or category). Within a group, plugins sort by title, newest version first.
 */
export function paletteGroups(plugins: readonly InstalledPlugin[], query: string): PaletteGroup[] {
  const q = query.trim().toLowerCase();
  const groups = new Map<string, InstalledPlugin[]>();
  for (const p of plugins) {
    if (p.enabled === false) continue;
    const m = p.manifest ?? ({} as PluginManifest);
    const category = m.category || 'Other';
    const haystack = `${pluginTitle(p.name, m)} ${p.name} ${m.description ?? ''} ${category}`.toLowerCase();
    if (q && !haystack.includes(q)) continue;
    groups.set(category, [...(groups.get(category) ?? []), p]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([category, items]) => ({
      category,
      items: items.sort((a, b) => pluginTitle(a.name, a.manifest).localeCompare(pluginTitle(b.name, b.manifest)) || compareVersions(b.version, a.version)),
    }));
}
