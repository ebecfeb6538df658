/**
 * Seeding: every first-party plugin under `plugins/` that the registry lacks at its version is built, packed, signed
 * with the installation's first-party key and published; so is `@tessera/plugin-sdk`, so that developers outside this
 * repository can `npm install @tessera/plugin-sdk` from the registry. Versions already present are never republished
 * (a published version never changes); when the workspace's contents differ from them, the outcome says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeIntegrity, integrityMatches, signPackage } from '@tessera/plugin-sdk/signing';
import { publishPackage, RegistryError } from '@tessera/plugin-sdk/publish';
import type { KeyObject } from 'node:crypto';
import { createRegistryClient } from '../registry/client.ts';
import { buildIfStale, listWorkspacePlugins, packFolder, REPOSITORY_ROOT } from '../workspace/index.ts';

/** What happened to one package. */
export interface SeedOutcome {
  name: string;
  version: string;
  status: 'published' | 'present' | 'present-differs' | 'failed';
  error?: string;
}

/** Options of {@link seedRegistry}. */
export interface SeedOptions {
  registry: string;
  /** Token of a registry user allowed to publish. */
  token: string;
  /** The first-party private key. */
  privateKey: KeyObject;
  pluginsDir?: string;
  /** The SDK package folder (default: the repository's `plugin-sdk`); null skips it. */
  sdkDir?: string | null;
}

/** Publishes what the registry lacks; one failure never stops the others. */
export async function seedRegistry(options: SeedOptions): Promise<SeedOutcome[]> {
  const client = createRegistryClient({ url: options.registry });
  const targets: Array<{ dir: string; name: string; version: string; build: boolean }> = listWorkspacePlugins(options.pluginsDir)
    .map((p) => ({ dir: p.dir, name: p.name, version: p.version, build: true }));
  const sdkDir = options.sdkDir === undefined ? join(REPOSITORY_ROOT, 'plugin-sdk') : options.sdkDir;
  if (sdkDir && existsSync(join(sdkDir, 'package.json'))) {
    const pkg = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { name: string; version: string };
    targets.push({ dir: sdkDir, name: pkg.name, version: pkg.version, build: false });
  }
  const outcomes: SeedOutcome[] = [];
  for (const t of targets) {
    try {
      const packument = await client.packument(t.name);
      const published = packument?.versions?.[t.version];
      if (t.build) await buildIfStale({ dir: t.dir, name: t.name, version: t.version, packageJson: readJson(join(t.dir, 'package.json')) });
      const tarball = await packFolder(t.dir);
      if (published) {
        const same = typeof published.dist?.integrity === 'string' && integrityMatches(published.dist.integrity, tarball);
        outcomes.push({ name: t.name, version: t.version, status: same ? 'present' : 'present-differs' });
        continue;
      }
      const integrity = computeIntegrity(tarball);
      const signature = signPackage({ name: t.name, version: t.version, integrity }, options.privateKey);
      const readmeFile = join(t.dir, 'README.md');
      await publishPackage({
        registry: options.registry, token: options.token, packageJson: readJson(join(t.dir, 'package.json')), tarball, signature,
        readme: existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : '',
      });
      outcomes.push({ name: t.name, version: t.version, status: 'published' });
    } catch (err) {
      // Another host on the same registry published the same version a moment earlier.
      if (err instanceof RegistryError && err.status === 409) {
        outcomes.push({ name: t.name, version: t.version, status: 'present' });
        continue;
      }
      outcomes.push({ name: t.name, version: t.version, status: 'failed', error: (err as Error).message });
    }
  }
  return outcomes;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
