/**
 * REGISTRY_URL: the host uses another npm-compatible registry (here a Verdaccio the test starts on its own). A staging
 * installation with a publish token seeds it and trusts its own first-party key; a production installation reading
 * the same registry trusts nothing until its administrator trusts staging's first-party key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loginToRegistry } from '@tessera/marketplace/registry';
import { generateRegistryPassword, setHtpasswdUser, startEmbeddedRegistry, type EmbeddedRegistry } from '@tessera/marketplace/verdaccio';
import { startHost, waitForSeeding, type HostHandle, type MarketplaceStatus } from '../helpers/index.ts';

let registry: EmbeddedRegistry;
let dir: string;
let staging: HostHandle | undefined;
let production: HostHandle | undefined;

async function seedState(h: HostHandle): Promise<MarketplaceStatus['seed']> {
  return (await waitForSeeding(h.api)).seed;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-external-'));
  registry = await startEmbeddedRegistry({ dataDir: dir, port: 0, logLevel: 'error' });
  const password = generateRegistryPassword();
  setHtpasswdUser(registry.htpasswdFile, 'ci', password);
  const token = await loginToRegistry(registry.url, 'ci', password);
  staging = await startHost({ env: { REGISTRY_URL: registry.url, REGISTRY_TOKEN: token } });
  await staging.api.adminToken();
});
afterAll(async () => {
  await staging?.dispose();
  await production?.dispose();
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('staging seeds the external registry and installs its first-party plugins as trusted', async () => {
  const seed = await seedState(staging!);
  expect(seed.state).toBe('done');
  expect(seed.published.filter((p) => p.status === 'failed')).toEqual([]);
  expect(seed.installed.length).toBeGreaterThan(3);
  expect(seed.installed.every((i) => i.ok)).toBe(true);
  expect((await staging!.api.get('/api/registry')).body).toMatchObject({ url: registry.url, embedded: false });
  const users = await staging!.api.get('/api/registry/users');
  expect(users.status).toBe(409);
  expect(users.body.error.code).toBe('registry_external');
});

it('production refuses staging-signed first-party plugins until its administrator trusts that key', async () => {
  await seedState(staging!);
  // Production starts once staging has published, reading the same registry without a publish token.
  production = await startHost({ env: { REGISTRY_URL: registry.url, PRODUCTION: 'yes' } });
  await production.api.adminToken();
  const seed = await seedState(production);
  expect(seed.installed.length).toBeGreaterThan(0);
  expect(seed.installed.every((i) => !i.ok && String(i.error).includes('plugin_first_party_impersonation'))).toBe(true);
  expect((await production!.api.get('/api/plugins')).body.items).toEqual([]);

  const key = (await staging!.api.get('/api/registry')).body.firstPartyKey as { keyId: string; publicKeyPem: string; encryptedAtRest: boolean };
  expect(key.encryptedAtRest).toBe(true);
  const refused = await production!.api.post('/api/plugins/install', { name: '@tessera/plugin-log', version: '1.0.0' });
  expect(refused.body.error.code).toBe('plugin_first_party_impersonation');
  // Trusted as an ordinary publisher it still may not sign @tessera/* packages...
  await production!.api.post('/api/plugins/trust', { publisher: 'Staging', publicKeyPem: key.publicKeyPem });
  expect((await production!.api.post('/api/plugins/install', { name: '@tessera/plugin-log', version: '1.0.0' })).body.error.code).toBe('plugin_first_party_impersonation');
  // ...only as a first-party key.
  await production!.api.post('/api/plugins/trust', { publisher: 'Staging', publicKeyPem: key.publicKeyPem, firstParty: true });
  const ok = await production!.api.post('/api/plugins/install', { name: '@tessera/plugin-log', version: '1.0.0' });
  expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  expect(ok.body.plugin.signature).toMatchObject({ status: 'trusted', keyId: key.keyId, publisher: 'Staging' });
});
