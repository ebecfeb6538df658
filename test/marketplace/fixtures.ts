/**
 * Fixtures for marketplace suites: a real embedded Verdaccio in a temp data folder, a real SQLite store, the plugin
 * service, a registry user with a token, and plugin packages packed by `npm pack` from folders written on the fly.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistryClient, loginToRegistry, publishPackage } from '@tessera/marketplace/registry';
import { generateRegistryPassword, listStoredPackageNames, setHtpasswdUser, startEmbeddedRegistry, type EmbeddedRegistry } from '@tessera/marketplace/verdaccio';
import { packDirectory } from '@tessera/marketplace/workspace';
import { computeIntegrity, generatePublisherKeyPair, signPackage, type PackageSignature, type PublisherKeyPair } from '@tessera/plugin-sdk/signing';
import { createSqliteStore } from '../../host/src/storage/sqlite/index.ts';
import { createPluginService, type PluginService } from '../../host/src/plugins/index.ts';
import type { Store } from '../../host/src/storage/index.ts';

/** Everything a marketplace suite needs, torn down by `close`. */
export interface MarketplaceWorld {
  dir: string;
  dataDir: string;
  registry: EmbeddedRegistry;
  token: string;
  store: Store;
  plugins: PluginService;
  close(): Promise<void>;
}

/** Starts Verdaccio and the plugin service in a fresh temp folder. */
export async function startWorld(): Promise<MarketplaceWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'tessera-mkt-'));
  const dataDir = join(dir, 'data');
  const registry = await startEmbeddedRegistry({ dataDir, port: 0, logLevel: 'error' });
  const password = generateRegistryPassword();
  setHtpasswdUser(registry.htpasswdFile, 'dev', password);
  const token = await loginToRegistry(registry.url, 'dev', password);
  const store = await createSqliteStore(join(dataDir, 'tessera.sqlite'));
  const plugins = await createPluginService({
    store, dataDir, registry: createRegistryClient({ url: registry.url }),
    listLocalNames: () => listStoredPackageNames(registry.storageDir), indexMaxAgeMs: 0,
  });
  return {
    dir, dataDir, registry, token, store, plugins,
    async close() {
      await store.close();
      await registry.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a fixture plugin package looks like; everything has a working default. */
export interface FixturePlugin {
  name: string;
  version: string;
  keywords?: string[];
  tessera?: Record<string, unknown>;
  code?: string;
  readme?: string;
}

/** Writes a plugin package folder and packs it with `npm pack`; returns the package.json and the tarball. */
export async function packFixture(root: string, p: FixturePlugin): Promise<{ packageJson: Record<string, unknown>; tarball: Buffer }> {
  const dir = join(root, `${p.name.replace(/[@/]/g, '_')}-${p.version}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  const packageJson = {
    name: p.name, version: p.version, type: 'module', description: `fixture ${p.name}`,
    keywords: p.keywords ?? ['tessera-plugin'], files: ['dist', 'README.md'],
    tessera: p.tessera ?? {
      apiVersion: '1', kind: 'action', title: `Fixture ${p.name}`, description: 'A fixture plugin', category: 'Testing', icon: 'flask',
      entry: 'dist/index.js', config: { type: 'object', properties: { greeting: { type: 'string', default: 'hi' } } },
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(dir, 'README.md'), p.readme ?? `# ${p.name}\n\nFixture.\n`);
  writeFileSync(join(dir, 'dist', 'index.js'), p.code ?? `export default { run(input) { return { port: 'payload', payload: { v: '${p.version}' } }; } };\n`);
  const { tarball } = await packDirectory(dir);
  return { packageJson, tarball };
}

/** Packs, signs (with `key`, or not at all) and publishes a fixture; returns the tarball's integrity. */
export async function publishFixture(world: MarketplaceWorld, p: FixturePlugin, key: PublisherKeyPair | null,
  tweakSignature?: (s: PackageSignature) => PackageSignature): Promise<string> {
  const { packageJson, tarball } = await packFixture(world.dir, p);
  const integrity = computeIntegrity(tarball);
  let signature = key ? signPackage({ name: p.name, version: p.version, integrity }, key.privateKeyPem) : null;
  if (signature && tweakSignature) signature = tweakSignature(signature);
  await publishPackage({ registry: world.registry.url, token: world.token, packageJson, tarball, signature, readme: p.readme ?? `# ${p.name}` });
  return integrity;
}

/** A new publisher key pair. */
export function newPublisher(): PublisherKeyPair {
  return generatePublisherKeyPair();
}

/** A plugin built by the SDK from TypeScript source (what the sandbox really runs), packed into a tarball. */
export async function buildFixture(root: string, p: { name: string; version: string; config: Record<string, unknown>; run: string }): Promise<{ packageJson: Record<string, unknown>; tarball: Buffer }> {
  const { buildPlugin } = await import('@tessera/plugin-sdk/build');
  const { packFolder } = await import('@tessera/marketplace/workspace');
  const dir = join(root, `${p.name.replace(/[@/]/g, '_')}-${p.version}`);
  mkdirSync(join(dir, 'src'), { recursive: true });
  const packageJson = {
    name: p.name, version: p.version, type: 'module', keywords: ['tessera-plugin'], files: ['dist', 'README.md'],
    tessera: {
      apiVersion: '1', kind: 'action', title: `Fixture ${p.name}`, description: 'Built from source by the SDK', category: 'Testing',
      entry: 'dist/plugin.js', config: p.config, inputs: ['payload'], outputs: ['payload'],
    },
  };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(dir, 'README.md'), `# ${p.name} ${p.version}\n`);
  writeFileSync(join(dir, 'src', 'index.ts'), `import { definePlugin } from '@tessera/plugin-sdk';\nexport default definePlugin<any>({ run(input, ctx) { ${p.run} } });\n`);
  await buildPlugin(dir);
  return { packageJson, tarball: await packFolder(dir) };
}
