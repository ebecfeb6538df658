/**
 * Fetch-on-miss against a real Verdaccio: host A installs into its own data folder; host B shares A's store (the
 * install records) but has its own, empty data folder. Loading an installed version on B fetches the package from
 * the registry once, verified against the integrity A recorded and with the checks an install makes, never weaker.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRegistryClient, type RegistryClient } from '@tessera/marketplace/registry';
import { computeIntegrity, integrityToKey, signPackage, type PublisherKeyPair } from '@tessera/plugin-sdk/signing';
import { createPluginService, type PluginService } from '../../host/src/plugins/index.ts';
import { newPublisher, packFixture, publishFixture, startWorld, type MarketplaceWorld } from './fixtures.ts';

let world: MarketplaceWorld;
let acme: PublisherKeyPair;
let hostB: PluginService;
let dirB: string;
/** Tarball downloads and packument reads host B made (the real client, counted). */
const downloads: string[] = [];
const packuments: string[] = [];

beforeAll(async () => {
  world = await startWorld();
  acme = newPublisher();
  await world.plugins.trust.add({ publisher: 'Acme Corp', publicKeyPem: acme.publicKeyPem, actor: 'admin@test' });
  dirB = mkdtempSync(join(tmpdir(), 'tessera-host-b-'));
  const real = createRegistryClient({ url: world.registry.url });
  const counted: RegistryClient = {
    ...real, url: real.url,
    tarball: (url) => { downloads.push(url); return real.tarball(url); },
    packument: (name) => { packuments.push(name); return real.packument(name); },
  };
  // Like a collector or worker in scale mode: same records and trust store, own data folder, seeds nothing.
  hostB = await createPluginService({ store: world.store, dataDir: join(dirB, 'data'), registry: counted, trustFirstPartyKey: false });
});
afterAll(async () => {
  await world?.close();
  if (dirB) rmSync(dirB, { recursive: true, force: true });
});

async function installOnA(name: string, version: string, key: PublisherKeyPair | null, reason?: string): Promise<string> {
  const integrity = await publishFixture(world, { name, version, code: `export default { run() { return { port: 'payload', payload: { from: '${name}@${version}' } }; } };\n` }, key);
  await world.plugins.installFromRegistry(name, version, { actor: 'admin@test', ...(reason ? { allowUntrusted: { reason } } : {}) });
  return integrity;
}

const inStoreOfB = (integrity: string) => existsSync(join(dirB, 'data', 'plugins', 'store', integrityToKey(integrity)));

it('fetches a package installed by another host once, however many loads ask at the same time, then loads it', async () => {
  const integrity = await installOnA('@acme/plugin-shared', '1.0.0', acme);
  expect(inStoreOfB(integrity)).toBe(false);
  const before = downloads.length;
  const loads = await Promise.all(Array.from({ length: 6 }, () => hostB.catalog.get('@acme/plugin-shared', '1.0.0')));
  expect(downloads.length - before).toBe(1);
  const fromA = await world.plugins.catalog.get('@acme/plugin-shared', '1.0.0');
  for (const l of loads) expect(l).toMatchObject({ name: '@acme/plugin-shared', version: '1.0.0', integrity, code: fromA.code });
  expect(loads[0].code).toContain("from: '@acme/plugin-shared@1.0.0'");
  expect(inStoreOfB(integrity)).toBe(true);
  // Present now: later loads read the local store.
  await hostB.catalog.get('@acme/plugin-shared', '1.0.0');
  expect(downloads.length - before).toBe(1);
});

it('refuses a registry tarball that differs from the integrity recorded at install, even re-signed with consistent metadata', async () => {
  const name = '@acme/plugin-swapped';
  const recorded = await installOnA(name, '1.0.0', acme);
  // Whoever controls the registry swaps the bytes and rewrites the metadata to match, signed by the same trusted key.
  const { tarball } = await packFixture(world.dir, { name, version: '1.0.0', code: 'export default { run() { return { port: "payload", payload: "evil" }; } };\n' });
  const swapped = computeIntegrity(tarball);
  const folder = join(world.registry.storageDir, '@acme', 'plugin-swapped');
  writeFileSync(join(folder, 'plugin-swapped-1.0.0.tgz'), tarball);
  const packument = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  const v = packument.versions['1.0.0'];
  v.dist.integrity = swapped;
  v.dist.shasum = createHash('sha1').update(tarball).digest('hex');
  v.tesseraSignature = signPackage({ name, version: '1.0.0', integrity: swapped }, acme.privateKeyPem);
  writeFileSync(join(folder, 'package.json'), JSON.stringify(packument));

  const err = await hostB.catalog.get(name, '1.0.0').catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'plugin_integrity_mismatch', details: { plugin: `${name}@1.0.0`, recorded } });
  expect((err as Error).message).toContain('does not match the integrity recorded at install');
  expect(inStoreOfB(recorded)).toBe(false);
  expect(inStoreOfB(swapped)).toBe(false);
  // Host A still runs the bytes it verified.
  expect((await world.plugins.catalog.get(name, '1.0.0')).code).toContain("from: '@acme/plugin-swapped@1.0.0'");
});

it('refuses a flipped byte in the registry tarball on fetch', async () => {
  const recorded = await installOnA('@acme/plugin-flipped', '1.0.0', acme);
  const file = join(world.registry.storageDir, '@acme', 'plugin-flipped', 'plugin-flipped-1.0.0.tgz');
  const bytes = readFileSync(file);
  bytes[bytes.length - 5] ^= 0xff;
  writeFileSync(file, bytes);
  await expect(hostB.catalog.get('@acme/plugin-flipped', '1.0.0')).rejects.toMatchObject({ code: 'plugin_integrity_mismatch' });
  expect(inStoreOfB(recorded)).toBe(false);
});

it('checks trust as an install would: a publisher no longer trusted is refused, a recorded override still admits its package', async () => {
  const stranger = newPublisher();
  const key = await world.plugins.trust.add({ publisher: 'Stranger', publicKeyPem: stranger.publicKeyPem, actor: 'admin@test' });
  await installOnA('plugin-once-trusted', '1.0.0', stranger);
  await world.plugins.trust.remove(key.id);
  await expect(hostB.catalog.get('plugin-once-trusted', '1.0.0')).rejects.toMatchObject({
    code: 'plugin_untrusted_publisher', message: expect.stringContaining('plugin-once-trusted@1.0.0'),
  });

  const unsigned = await installOnA('plugin-unsigned', '1.0.0', null, 'vendor trial');
  expect((await hostB.catalog.get('plugin-unsigned', '1.0.0')).integrity).toBe(unsigned);
});

it('answers a clear operational error naming the plugin when the registry no longer has the package', async () => {
  await installOnA('@acme/plugin-vanished', '1.0.0', acme);
  rmSync(join(world.registry.storageDir, '@acme', 'plugin-vanished'), { recursive: true, force: true });
  const err = await hostB.catalog.get('@acme/plugin-vanished', '1.0.0').catch((e: unknown) => e);
  expect(err).toMatchObject({ code: 'plugin_package_unavailable', kind: 'operational', status: 503, details: { plugin: '@acme/plugin-vanished@1.0.0' } });
  expect((err as Error).message).toMatch(/@acme\/plugin-vanished@1\.0\.0 is installed.*does not have it/);
  // Every event of a flow using it asks again, but the registry is not asked again for a few seconds.
  const asked = packuments.length;
  await expect(hostB.catalog.get('@acme/plugin-vanished', '1.0.0')).rejects.toMatchObject({ code: 'plugin_package_unavailable' });
  expect(packuments.length).toBe(asked);
});

it('still refuses versions that are not installed, and disabled ones, without fetching', async () => {
  const before = downloads.length;
  await expect(hostB.catalog.get('@acme/plugin-never', '1.0.0')).rejects.toMatchObject({ code: 'plugin_not_installed' });
  await installOnA('@acme/plugin-off', '1.0.0', acme);
  await world.plugins.manager.setEnabled('@acme/plugin-off', '1.0.0', false, { actor: 'admin@test' });
  await expect(hostB.catalog.get('@acme/plugin-off', '1.0.0')).rejects.toMatchObject({ code: 'plugin_disabled' });
  expect(downloads.length).toBe(before);
});
