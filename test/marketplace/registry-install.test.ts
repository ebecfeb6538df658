/**
 * Publish → install against a real Verdaccio, and every refusal of the install path: after a refusal nothing is
 * recorded and nothing is in the content-addressed store.
 */
import { existsSync, readdirSync, writeFileSync, readFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrityToKey, type PublisherKeyPair } from '@tessera/plugin-sdk/signing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRegistryClient } from '@tessera/marketplace/registry';
import { isTesseraError } from '../../host/src/errors/index.ts';
import { fetchRegistryCandidate } from '../../host/src/plugins/index.ts';
import { newPublisher, publishFixture, startWorld, type MarketplaceWorld } from './fixtures.ts';

let world: MarketplaceWorld;
let acme: PublisherKeyPair;

beforeAll(async () => {
  world = await startWorld();
  acme = newPublisher();
  await world.plugins.trust.add({ publisher: 'Acme Corp', publicKeyPem: acme.publicKeyPem, actor: 'admin@test' });
});
afterAll(async () => { await world?.close(); });

function casFolders(): string[] {
  const root = join(world.dataDir, 'plugins', 'store');
  return existsSync(root) ? readdirSync(root).filter((f) => !f.startsWith('.')) : [];
}

async function refused(name: string, version: string, code: string, options: { reason?: string } = {}): Promise<Record<string, unknown>> {
  const before = casFolders().length;
  const err = await world.plugins.installFromRegistry(name, version, {
    actor: 'admin@test', ...(options.reason ? { allowUntrusted: { reason: options.reason } } : {}),
  }).then(() => null, (e: unknown) => e);
  expect(err, `${name}@${version} should be refused`).not.toBeNull();
  expect(isTesseraError(err)).toBe(true);
  const e = err as { code: string; status: number; message: string; details?: Record<string, unknown> };
  expect(e.code).toBe(code);
  expect(e.status).toBeGreaterThanOrEqual(400);
  expect(e.status).toBeLessThan(500);
  expect(await world.plugins.catalog.has(name, version)).toBe(false);
  expect(casFolders().length).toBe(before);
  return e as unknown as Record<string, unknown>;
}

describe('install from the registry', () => {
  it('installs a signed plugin, records who/when/from where, and loads it from the store', async () => {
    const integrity = await publishFixture(world, { name: '@acme/plugin-greet', version: '1.0.0' }, acme);
    const { plugin, alreadyInstalled } = await world.plugins.installFromRegistry('@acme/plugin-greet', '1.0.0', { actor: 'admin@test' });
    expect(alreadyInstalled).toBe(false);
    expect(plugin).toMatchObject({
      name: '@acme/plugin-greet', version: '1.0.0', integrity, enabled: true, installedBy: 'admin@test',
      signature: { status: 'trusted', publisher: 'Acme Corp', keyId: acme.keyId },
      source: { kind: 'registry', registry: world.registry.url },
    });
    expect(Date.parse(plugin.installedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(casFolders()).toContain(integrityToKey(integrity));

    const loaded = await world.plugins.catalog.get('@acme/plugin-greet', '1.0.0');
    expect(loaded.code).toContain(`v: '1.0.0'`);
    expect(loaded.manifest.title).toBe('Fixture @acme/plugin-greet');
    expect(loaded.integrity).toBe(integrity);

    const again = await world.plugins.installFromRegistry('@acme/plugin-greet', '1.0.0', { actor: 'someone-else' });
    expect(again.alreadyInstalled).toBe(true);
    expect(again.plugin.installedBy).toBe('admin@test');
  });

  it('keeps versions side by side', async () => {
    await publishFixture(world, { name: '@acme/plugin-greet', version: '1.1.0' }, acme);
    await world.plugins.installFromRegistry('@acme/plugin-greet', '1.1.0', { actor: 'admin@test' });
    const list = (await world.plugins.catalog.list()).filter((p) => p.name === '@acme/plugin-greet').map((p) => p.version);
    expect(list).toEqual(['1.0.0', '1.1.0']);
    expect((await world.plugins.catalog.get('@acme/plugin-greet', '1.0.0')).code).toContain(`v: '1.0.0'`);
    expect((await world.plugins.catalog.get('@acme/plugin-greet', '1.1.0')).code).toContain(`v: '1.1.0'`);
  });

  it('refuses to load a package whose extracted files were changed in the store', async () => {
    await publishFixture(world, { name: '@acme/plugin-victim', version: '1.0.0' }, acme);
    const { plugin } = await world.plugins.installFromRegistry('@acme/plugin-victim', '1.0.0', { actor: 'admin@test' });
    const file = join(world.dataDir, 'plugins', 'store', integrityToKey(plugin.integrity), 'package', 'dist', 'index.js');
    chmodSync(file, 0o644);
    writeFileSync(file, readFileSync(file, 'utf8').replace('payload', 'evil'));
    await expect(world.plugins.catalog.get('@acme/plugin-victim', '1.0.0')).rejects.toMatchObject({ code: 'plugin_store_corrupt' });
  });

  it('refuses to load a package whose stored tarball was changed', async () => {
    await publishFixture(world, { name: '@acme/plugin-victim2', version: '1.0.0' }, acme);
    const { plugin } = await world.plugins.installFromRegistry('@acme/plugin-victim2', '1.0.0', { actor: 'admin@test' });
    expect((await world.plugins.catalog.get('@acme/plugin-victim2', '1.0.0')).name).toBe('@acme/plugin-victim2');
    const file = join(world.dataDir, 'plugins', 'store', integrityToKey(plugin.integrity), 'package.tgz');
    chmodSync(file, 0o644);
    const bytes = readFileSync(file);
    bytes[bytes.length - 3] ^= 0xff;
    writeFileSync(file, bytes);
    await expect(world.plugins.catalog.get('@acme/plugin-victim2', '1.0.0')).rejects.toMatchObject({ code: 'plugin_store_corrupt', message: expect.stringContaining('no longer matches its integrity') });
  });

  it('refuses a tarball changed on the registry after publishing', async () => {
    await publishFixture(world, { name: '@acme/plugin-tampered', version: '1.0.0' }, acme);
    const stored = join(world.registry.storageDir, '@acme', 'plugin-tampered', 'plugin-tampered-1.0.0.tgz');
    const bytes = readFileSync(stored);
    bytes[bytes.length - 5] ^= 0xff;
    writeFileSync(stored, bytes);
    const e = await refused('@acme/plugin-tampered', '1.0.0', 'plugin_integrity_mismatch');
    expect(e.message).toMatch(/does not match the published sha512 integrity/);
  });

  it('refuses a signature that does not match the package, even with an override', async () => {
    await publishFixture(world, { name: '@acme/plugin-badsig', version: '1.0.0' }, acme,
      (s) => ({ ...s, sig: Buffer.from(Buffer.from(s.sig, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64') }));
    await refused('@acme/plugin-badsig', '1.0.0', 'plugin_signature_invalid');
    await refused('@acme/plugin-badsig', '1.0.0', 'plugin_signature_invalid', { reason: 'I know what I am doing' });
  });

  it('refuses an untrusted publisher unless an administrator overrides, and records the override', async () => {
    const stranger = newPublisher();
    await publishFixture(world, { name: 'plugin-stranger', version: '2.0.0' }, stranger);
    const e = await refused('plugin-stranger', '2.0.0', 'plugin_untrusted_publisher');
    expect(e.message).toContain(stranger.keyId);
    const { plugin } = await world.plugins.installFromRegistry('plugin-stranger', '2.0.0', { actor: 'admin@test', allowUntrusted: { reason: 'vendor trial' } });
    expect(plugin.signature.status).toBe('override-untrusted');
    expect(plugin.override).toMatchObject({ by: 'admin@test', reason: 'vendor trial' });
  });

  it('refuses an unsigned package unless an administrator overrides', async () => {
    await publishFixture(world, { name: 'plugin-unsigned', version: '0.1.0' }, null);
    await refused('plugin-unsigned', '0.1.0', 'plugin_unsigned');
    const { plugin } = await world.plugins.installFromRegistry('plugin-unsigned', '0.1.0', { actor: 'admin@test', allowUntrusted: { reason: 'internal tool' } });
    expect(plugin.signature.status).toBe('override-unsigned');
  });

  it('refuses an invalid manifest and names the field', async () => {
    await publishFixture(world, { name: '@acme/plugin-badmanifest', version: '1.0.0', tessera: { apiVersion: '1', kind: 'teleport', title: 'Bad', entry: 'dist/index.js' } }, acme);
    const e = await refused('@acme/plugin-badmanifest', '1.0.0', 'plugin_manifest_invalid');
    expect(JSON.stringify(e.details)).toContain('tessera.kind');
  });

  it('refuses an incompatible apiVersion', async () => {
    await publishFixture(world, { name: '@acme/plugin-future', version: '1.0.0', tessera: { apiVersion: '99', kind: 'action', title: 'Future', entry: 'dist/index.js' } }, acme);
    const e = await refused('@acme/plugin-future', '1.0.0', 'plugin_api_version_unsupported');
    expect(e.message).toContain('99');
  });

  it('refuses a package without the tessera-plugin keyword', async () => {
    await publishFixture(world, { name: '@acme/left-pad', version: '1.0.0', keywords: ['string'] }, acme);
    await refused('@acme/left-pad', '1.0.0', 'plugin_not_a_plugin');
  });

  it('refuses a first-party name signed by another key, even when that key is trusted and with an override', async () => {
    await publishFixture(world, { name: '@tessera/plugin-fake', version: '9.9.9' }, acme);
    await refused('@tessera/plugin-fake', '9.9.9', 'plugin_first_party_impersonation');
    await refused('@tessera/plugin-fake', '9.9.9', 'plugin_first_party_impersonation', { reason: 'looks fine' });
  });

  it('refuses a registry whose metadata points the tarball at another server, without fetching it', async () => {
    // A minimal npm-compatible registry that serves one hostile packument.
    let fetchedForeign = false;
    const foreign = createServer((_req, res) => { fetchedForeign = true; res.end('x'); });
    await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
    const foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/evil.tgz`;
    const hostile = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ name: 'plugin-ssrf', 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': { name: 'plugin-ssrf', version: '1.0.0', dist: { tarball: foreignUrl, integrity: 'sha512-AAAA' } } } }));
    });
    await new Promise<void>((r) => hostile.listen(0, '127.0.0.1', r));
    try {
      const client = createRegistryClient({ url: `http://127.0.0.1:${(hostile.address() as AddressInfo).port}` });
      await expect(fetchRegistryCandidate(client, 'plugin-ssrf', '1.0.0')).rejects.toMatchObject({ code: 'plugin_tarball_foreign', status: 422 });
      expect(fetchedForeign).toBe(false);
    } finally {
      hostile.close();
      foreign.close();
    }
  });

  it('answers clear errors for unknown packages, versions, ranges and bad names', async () => {
    await refused('@acme/nothing-here', '1.0.0', 'plugin_not_found');
    const e = await refused('@acme/plugin-greet', '7.0.0', 'plugin_version_not_found');
    expect((e.details as { available: string[] }).available).toContain('1.0.0');
    await refused('@acme/plugin-greet', '^1.0.0', 'validation_failed');
    await refused('Not A Name', '1.0.0', 'validation_failed');
  });
});
