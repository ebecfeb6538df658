/**
 * Checks a package's contents before installation: package.json identity, the `tessera-plugin` keyword, the
 * manifest (schema and apiVersion) and the entry file. Pure: reads unpacked files, writes nothing.
 */
import { isApiVersionSupported, validateManifest, type Manifest } from '@tessera/plugin-sdk/manifest';
import { readPackageJson, readPackageTarball, TarballError, type PackageFiles } from '@tessera/marketplace/tarball';
import { userError } from '../../errors/index.ts';

/** The keyword every Tessera plugin package carries. */
export const PLUGIN_KEYWORD = 'tessera-plugin';

/** A package that passed every content check. */
export interface CheckedPackage {
  files: PackageFiles;
  packageJson: Record<string, unknown>;
  manifest: Manifest;
}

/** Unpacks and checks a tarball claimed to be `name@version`; throws a 422 user error naming the problem. */
export function checkPackage(tarball: Uint8Array, name: string, version: string): CheckedPackage {
  let files: PackageFiles;
  let packageJson: Record<string, unknown>;
  try {
    files = readPackageTarball(tarball);
    packageJson = readPackageJson(files);
  } catch (err) {
    if (err instanceof TarballError) throw userError('plugin_package_invalid', `${name}@${version}: ${err.message}`, 422);
    throw err;
  }
  if (packageJson.name !== name || packageJson.version !== version) {
    throw userError('plugin_package_mismatch',
      `the tarball contains ${String(packageJson.name)}@${String(packageJson.version)}, not ${name}@${version}`, 422,
      { path: 'package.json', expected: `${name}@${version}` });
  }
  const keywords = Array.isArray(packageJson.keywords) ? packageJson.keywords : [];
  if (!keywords.includes(PLUGIN_KEYWORD)) {
    throw userError('plugin_not_a_plugin', `${name}@${version} is not a Tessera plugin: package.json keywords lack "${PLUGIN_KEYWORD}"`, 422, { path: 'package.json.keywords' });
  }
  const raw = packageJson.tessera;
  if (typeof raw !== 'object' || raw === null) {
    throw userError('plugin_manifest_invalid', `${name}@${version} has no "tessera" manifest block in package.json`, 422, { errors: [{ path: 'tessera', message: 'required' }] });
  }
  const apiVersion = (raw as Record<string, unknown>).apiVersion;
  if (typeof apiVersion === 'string' && !isApiVersionSupported(apiVersion)) {
    throw userError('plugin_api_version_unsupported',
      `${name}@${version} needs plugin API ${apiVersion}, which this Tessera does not run`, 422, { path: 'tessera.apiVersion', apiVersion });
  }
  const validation = validateManifest(raw);
  if (!validation.ok) {
    const errors = validation.errors.map((e) => ({ path: e.path ? `tessera.${e.path}` : 'tessera', message: e.message }));
    throw userError('plugin_manifest_invalid',
      `${name}@${version} has an invalid manifest: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`, 422, { errors });
  }
  const manifest = validation.manifest;
  if (!files.has(manifest.entry.replace(/^\.\//, ''))) {
    throw userError('plugin_entry_missing', `${name}@${version}: the entry file ${manifest.entry} is not in the package`, 422, { path: 'tessera.entry' });
  }
  return { files, packageJson, manifest };
}

/** The entry path as stored in the package (without a leading `./`). */
export function entryPath(manifest: Manifest): string {
  return manifest.entry.replace(/^\.\//, '');
}
