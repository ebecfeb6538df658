/** `@tessera/plugin-sdk/build`: reading, bundling and type generation for plugin packages (CLI and harness). */
import { bundlePlugin } from './bundle.ts';
import { writeConfigTypes } from './config-types.ts';
import { PluginPackageError, readPluginPackage } from './read-package.ts';
import type { PluginPackageInfo } from './read-package.ts';
import { inspectBundle } from '../runtime/index.ts';

export { readPluginPackage, PluginPackageError } from './read-package.ts';
export type { PluginPackageInfo } from './read-package.ts';
export { bundlePlugin, bundleFile, sourceEntry, BUNDLE_GLOBAL, BUNDLE_BANNER } from './bundle.ts';
export type { BundleOutput } from './bundle.ts';
export { writeConfigTypes, CONFIG_TYPES_FILE } from './config-types.ts';

/** What `buildPlugin` produced. */
export interface BuildOutput extends PluginPackageInfo {
  code: string;
  configTypesFile: string;
  warnings: string[];
}

/**
 * `tessera-plugin build`: validate the manifest, write config types, bundle to `manifest.entry`, and load the bundle
 * in a real isolate to check it exports a plugin of the manifest's kind.
 */
export async function buildPlugin(dir: string): Promise<BuildOutput> {
  const info = readPluginPackage(dir);
  const configTypesFile = await writeConfigTypes(dir, info.manifest);
  const { code, warnings } = await bundlePlugin(dir, info.entryPath);
  const check = inspectBundle(code, info.manifest.kind);
  if (!check.ok) throw new PluginPackageError(`${info.entryPath}: ${check.message}`);
  return { ...info, code, configTypesFile, warnings };
}
