/**
 * Seeding: every first-party plugin under `plugins/` that the registry lacks at its version is built, packed, signed
 * with the installation's first-party key and published; so is `@tessera/plugin-sdk`, so that developers outside this
 * repository can `npm install @tessera/plugin-sdk` from the registry. Versions already present are never republished
 * (a published version never changes); when the workspace's contents differ from them, the outcome says so.
 *
 * The SDK is published as its JavaScript build (`dist/`, built here when missing or stale) with a package.json pointing
 * at it, because Node does not strip types from `.ts` files under `node_modules`.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { computeIntegrity, integrityMatches, signPackage } from '@tessera/plugin-sdk/signing';
import { publishPackage, RegistryError } from '@tessera/plugin-sdk/publish';
import { stageSdkForPublish } from '@tessera/plugin-sdk/release';
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
  const targets: Array<{ dir: string; name: string; version: string; kind: 'plugin' | 'sdk' }> = listWorkspacePlugins(options.pluginsDir)
    .map((p) => ({ dir: p.dir, name: p.name, version: p.version, kind: 'plugin' }));
  const sdkDir = options.sdkDir === undefined ? join(REPOSITORY_ROOT, 'plugin-sdk') : options.sdkDir;
  if (sdkDir && existsSync(join(sdkDir, 'package.json'))) {
    const pkg = JSON.parse(readFileSync(join(sdkDir, 'package.json'), 'utf8')) as { name: string; version: string };
    targets.push({ dir: sdkDir, name: pkg.name, version: pkg.version, kind: 'sdk' });
  }
  const outcomes: SeedOutcome[] = [];
  for (const t of targets) {
    // The SDK is packed from a staging folder holding its published form (dist/ and the published package.json).
    let packDir = t.dir;
    try {
      const packument = await client.packument(t.name);
      const published = packument?.versions?.[t.version];
      if (t.kind === 'plugin') await buildIfStale({ dir: t.dir, name: t.name, version: t.version, packageJson: readJson(join(t.dir, 'package.json')) });
      else packDir = await stageSdkForPublish(t.dir);
      const tarball = await packFolder(packDir);
      if (published) {
        const same = typeof published.dist?.integrity === 'string' && integrityMatches(published.dist.integrity, tarball);
        outcomes.push({ name: t.name, version: t.version, status: same ? 'present' : 'present-differs' });
        continue;
      }
      const integrity = computeIntegrity(tarball);
      const signature = signPackage({ name: t.name, version: t.version, integrity }, options.privateKey);
      const readmeFile = join(packDir, 'README.md');
      await publishPackage({
        registry: options.registry, token: options.token, packageJson: readJson(join(packDir, 'package.json')), tarball, signature,
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
    } finally {
      if (packDir !== t.dir) rmSync(packDir, { recursive: true, force: true });
    }
  }
  return outcomes;
}

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}
