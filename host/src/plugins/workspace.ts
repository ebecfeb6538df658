/**
 * Installs the repository's first-party plugins (`plugins/*`) through the regular install path: pack → integrity →
 * sign with the installation's first-party key → {@link Installer.install} (verify, check, store, record).
 * Used before the registry is up, and by installations that run without a registry.
 */
import { computeIntegrity, signPackage } from '@tessera/plugin-sdk/signing';
import { buildIfStale, listWorkspacePlugins, packFolder } from '@tessera/marketplace/workspace';
import type { FirstPartyKey } from '@tessera/marketplace/keys';
import type { InstalledPlugin } from './catalog.types.ts';
import type { Installer } from './installer.ts';

/** Result per workspace plugin: installed (or already there), or the reason it was refused. */
export type WorkspaceInstallOutcome =
  | { name: string; version: string; ok: true; plugin: InstalledPlugin; alreadyInstalled: boolean }
  | { name: string; version: string; ok: false; error: unknown };

/** Builds (when stale), packs, signs and installs every workspace plugin; one failure never stops the others. */
export async function installWorkspacePlugins(deps: {
  installer: Installer;
  key: FirstPartyKey;
  pluginsDir?: string;
  actor?: string;
  /** Only these package names (default: all). */
  only?: readonly string[];
}): Promise<WorkspaceInstallOutcome[]> {
  const outcomes: WorkspaceInstallOutcome[] = [];
  for (const plugin of listWorkspacePlugins(deps.pluginsDir)) {
    if (deps.only && !deps.only.includes(plugin.name)) continue;
    try {
      await buildIfStale(plugin);
      const tarball = await packFolder(plugin.dir);
      const integrity = computeIntegrity(tarball);
      const signature = signPackage({ name: plugin.name, version: plugin.version, integrity }, deps.key.privateKey);
      const result = await deps.installer.install(
        { name: plugin.name, version: plugin.version, tarball, declaredIntegrity: integrity, signature, source: { kind: 'workspace', path: `plugins/${plugin.dir.split(/[\\/]/).pop()}` } },
        { actor: deps.actor ?? 'system:workspace' },
      );
      outcomes.push({ name: plugin.name, version: plugin.version, ok: true, plugin: result.plugin, alreadyInstalled: result.alreadyInstalled });
    } catch (error) {
      outcomes.push({ name: plugin.name, version: plugin.version, ok: false, error });
    }
  }
  return outcomes;
}
