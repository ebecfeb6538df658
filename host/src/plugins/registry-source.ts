/**
 * Turns `name@version` in a registry into a {@link PackageCandidate}: exact version only, packument, tarball,
 * the declared sha512 integrity and the publisher signature from the version metadata.
 */
import { readSignature } from '@tessera/plugin-sdk/signing';
import { RegistryError, type RegistryClient } from '@tessera/marketplace/registry';
import { operationalError, userError } from '../errors/index.ts';
import type { PackageCandidate } from './installer.ts';

/** npm package names (scoped or not), lower case, as the registry accepts them. */
const PACKAGE_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
/** An exact semver version; ranges and tags are refused so an install is always reproducible. */
const EXACT_VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Checks `name` and `version` and answers 400 naming the field. */
export function checkNameAndVersion(name: unknown, version: unknown): { name: string; version: string } {
  if (typeof name !== 'string' || name.length > 214 || !PACKAGE_NAME.test(name)) {
    throw userError('validation_failed', `name: "${String(name)}" is not a valid npm package name`, 400, { path: 'name' });
  }
  if (typeof version !== 'string' || !EXACT_VERSION.test(version)) {
    throw userError('validation_failed', `version: "${String(version)}" is not an exact version (ranges and tags are not accepted)`, 400, { path: 'version' });
  }
  return { name, version };
}

/** Fetches everything the installer needs for `name@version` from the registry. */
export async function fetchRegistryCandidate(client: RegistryClient, name: string, version: string): Promise<PackageCandidate> {
  try {
    const packument = await client.packument(name);
    if (!packument) throw userError('plugin_not_found', `the registry has no package ${name}`, 404, { name });
    const meta = packument.versions?.[version];
    if (!meta) {
      throw userError('plugin_version_not_found', `the registry has no version ${version} of ${name}`, 404,
        { name, version, available: Object.keys(packument.versions ?? {}) });
    }
    const integrity = meta.dist?.integrity;
    if (typeof integrity !== 'string' || !integrity.includes('sha512-')) {
      throw userError('plugin_integrity_missing', `${name}@${version} has no sha512 integrity in the registry; it cannot be verified`, 422);
    }
    // Package metadata is written by publishers: never let it point the host at another server (SSRF).
    if (!sameOrigin(meta.dist.tarball, client.url)) {
      throw userError('plugin_tarball_foreign', `${name}@${version}: the tarball URL ${meta.dist.tarball} is not on the registry ${client.url}; refused`, 422);
    }
    const tarball = await client.tarball(meta.dist.tarball);
    return {
      name, version, tarball, declaredIntegrity: integrity, signature: readSignature(meta),
      source: { kind: 'registry', registry: client.url, tarball: meta.dist.tarball },
    };
  } catch (err) {
    if (err instanceof RegistryError) {
      if (err.status === 413) throw userError('plugin_too_large', err.message, 422);
      throw operationalError('registry_unavailable', `the plugin registry failed: ${err.message}`, 502, { registry: client.url }, err);
    }
    throw err;
  }
}

function sameOrigin(url: unknown, base: string): boolean {
  try {
    return typeof url === 'string' && new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}
