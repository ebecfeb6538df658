/**
 * Seeding against a real Verdaccio: first-party packages the registry lacks are published signed with the
 * installation's first-party key; present versions are left alone (and a changed workspace is reported, never
 * republished); the SDK is published; the first-party key survives restarts; seeded plugins install as trusted.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRegistry } from '@tessera/marketplace/seed';
import { createRegistryClient } from '@tessera/marketplace/registry';
import { readSignature } from '@tessera/plugin-sdk/signing';
import { createPluginService } from '../../host/src/plugins/index.ts';
import { REPO_ROOT } from '../helpers/index.ts';
import { startWorld, type MarketplaceWorld } from './fixtures.ts';

let world: MarketplaceWorld;
let pluginsDir: string;

function writePlugin(name: string, version: string, code: string): void {
  const dir = join(pluginsDir, name);
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `@tessera/plugin-${name}`, version, type: 'module', keywords: ['tessera-plugin'], files: ['dist'],
    tessera: { apiVersion: '1', kind: 'action', title: name, entry: 'dist/index.js' },
  }));
  writeFileSync(join(dir, 'dist', 'index.js'), code);
}

beforeAll(async () => {
  world = await startWorld();
  pluginsDir = join(world.dir, 'plugins');
  writePlugin('alpha', '1.0.0', 'export default { run() {} };');
  writePlugin('beta', '2.0.0', 'export default { run() {} };');
  // A real first-party plugin from the repository, built by the SDK during seeding if its bundle is stale.
  cpSync(join(REPO_ROOT, 'plugins', 'log'), join(pluginsDir, 'log'), { recursive: true, filter: (src) => !src.includes('node_modules') });
});
afterAll(async () => { await world?.close(); });

describe('seeding', () => {
  const seed = (sdkDir: string | null = null) => seedRegistry({
    registry: world.registry.url, token: world.token, privateKey: world.plugins.firstPartyKey.privateKey, pluginsDir, sdkDir,
  });

  it('publishes what the registry lacks, signed by the first-party key, and the SDK', async () => {
    const outcomes = await seed(join(REPO_ROOT, 'plugin-sdk'));
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ['@tessera/plugin-alpha', 'published'], ['@tessera/plugin-beta', 'published'], ['@tessera/plugin-log', 'published'], ['@tessera/plugin-sdk', 'published'],
    ]);
    const client = createRegistryClient({ url: world.registry.url });
    const packument = await client.packument('@tessera/plugin-alpha');
    expect(readSignature(packument!.versions['1.0.0'])?.keyId).toBe(world.plugins.firstPartyKey.keyId);
    expect((await client.packument('@tessera/plugin-sdk'))?.versions['0.1.0']).toBeDefined();
  });

  it('leaves present versions alone and reports a workspace that changed without a version bump', async () => {
    writePlugin('beta', '2.0.0', 'export default { run() { return null; } };');
    const outcomes = await seed();
    expect(Object.fromEntries(outcomes.map((o) => [o.name, o.status]))).toEqual({
      '@tessera/plugin-alpha': 'present', '@tessera/plugin-beta': 'present-differs', '@tessera/plugin-log': 'present',
    });
    writePlugin('beta', '2.0.1', 'export default { run() { return null; } };');
    expect((await seed()).find((o) => o.name === '@tessera/plugin-beta')?.status).toBe('published');
  });

  it('installs seeded plugins as trusted first-party packages, with the same key after a restart', async () => {
    const { plugin } = await world.plugins.installFromRegistry('@tessera/plugin-log', '1.0.0', { actor: 'system:seed' });
    expect(plugin.signature).toMatchObject({ status: 'trusted', keyId: world.plugins.firstPartyKey.keyId });
    expect((await world.plugins.catalog.get('@tessera/plugin-log', '1.0.0')).code.length).toBeGreaterThan(100);

    const again = await createPluginService({ store: world.store, dataDir: world.dataDir });
    expect(again.firstPartyKey.keyId).toBe(world.plugins.firstPartyKey.keyId);
  });
});
