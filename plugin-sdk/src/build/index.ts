/** `@tessera/plugin-sdk/build`: reading, bundling and type generation for plugin packages (CLI and harness). */
import { bundlePlugin } from './bundle.ts';
import { writeConfigTypes } from './config-types.ts';
import { readPluginPackage } from './read-package.ts';
import type { PluginPackageInfo } from './read-package.ts';

export { readPluginPackage, PluginPackageError } from './read-package.ts';
export type { PluginPackageInfo } from './read-package.ts';
export { bundlePlugin, bundleFile, sourceEntry, BUNDLE_GLOBAL } from './bundle.ts';
export type { BundleOutput } from './bundle.ts';
export { writeConfigTypes, CONFIG_TYPES_FILE } from './config-types.ts';

/** What `buildPlugin` produced. */
export interface BuildOutput extends PluginPackageInfo {
  code: string;
  configTypesFile: string;
  warnings: string[];
}

/** `tessera-plugin build`: validate the manifest, write config types, bundle to `manifest.entry`. */
export async function buildPlugin(dir: string): Promise<BuildOutput> {
  const info = readPluginPackage(dir);
  const configTypesFile = await writeConfigTypes(dir, info.manifest);
  const { code, warnings } = await bundlePlugin(dir, info.entryPath);
  return { ...info, code, configTypesFile, warnings };
}
