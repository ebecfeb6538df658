/**
 * The marketplace through a real host process (embedded Verdaccio, SQLite, HTTP): seeding of the first-party plugins,
 * registry users and tokens created by an administrator, a developer publishing with that token, trust, install
 * through the API, the CLI, and the refusals a client sees.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatePublisherKeyPair } from '@tessera/plugin-sdk/signing';
import { computeIntegrity, signPackage } from '@tessera/plugin-sdk/signing';
import { publishPackage } from '@tessera/plugin-sdk/publish';
import { REPO_ROOT, startHost, TEST_ADMIN, waitForSeeding, type HostHandle, type MarketplaceStatus } from '../helpers/index.ts';
import { packFixture } from './fixtures.ts';

let host: HostHandle;

const seeded = (h: HostHandle): Promise<MarketplaceStatus> => waitForSeeding(h.api);

function cli(args: string[], env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ['--no-node-snapshot', join(REPO_ROOT, 'host/src/cli.ts'), ...args], {
    encoding: 'utf8', env: { ...process.env, TESSERA_URL: host.url, TESSERA_EMAIL: TEST_ADMIN.email, TESSERA_PASSWORD: TEST_ADMIN.password, ...env },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

beforeAll(async () => {
  host = await startHost();
  await host.api.adminToken();
});
afterAll(async () => { await host?.dispose(); });

describe('marketplace in a running host', () => {
  let registryUrl: string;

  it('starts an embedded registry, seeds and installs every first-party plugin signed by the first-party key', async () => {
    const status = await seeded(host);
    expect(status.seed.state).toBe('done');
    expect(status.registry.embedded).toBe(true);
    registryUrl = status.registry.url;

    const installed = (await host.api.get('/api/plugins')).body.items as Array<{ name: string; signature: { status: string; publisher: string } }>;
    expect(installed.map((p) => p.name)).toEqual(expect.arrayContaining(['@tessera/plugin-log', '@tessera/plugin-if', '@tessera/plugin-set-value']));
    for (const p of installed) expect(p.signature).toMatchObject({ status: 'trusted', publisher: expect.stringContaining('first-party') });

    const market = await host.api.get('/api/marketplace?category=flow%20control');
    expect(market.status).toBe(200);
    expect(market.body.items.map((i: { name: string }) => i.name)).toContain('@tessera/plugin-if');
    expect(market.body.categories.length).toBeGreaterThan(2);

    // The SDK is published too, so developers outside the repository can install it from the registry.
    const sdk = await fetch(`${registryUrl}/@tessera%2fplugin-sdk`);
    expect(sdk.status).toBe(200);
  });

  it('lets an administrator create a registry user whose token publishes; untrusted until the key is trusted', async () => {
    const created = await host.api.post('/api/registry/users', { name: 'alice' });
    expect(created.status).toBe(201);
    expect(created.body.npmrc).toMatch(/^\/\/127\.0\.0\.1:\d+\/:_authToken=.+/);
    const token: string = created.body.token;

    const key = generatePublisherKeyPair();
    const { packageJson, tarball } = await packFixture(host.dataDir, { name: '@alice/plugin-hello', version: '1.0.0', readme: '# Hello\n\nSays hello.' });
    const signature = signPackage({ name: '@alice/plugin-hello', version: '1.0.0', integrity: computeIntegrity(tarball) }, key.privateKeyPem);
    await publishPackage({ registry: registryUrl, token, packageJson, tarball, signature, readme: '# Hello\n\nSays hello.' });

    const item = await host.api.get('/api/marketplace/@alice/plugin-hello');
    expect(item.status).toBe(200);
    expect(item.body).toMatchObject({ title: 'Fixture @alice/plugin-hello', category: 'Testing', readme: expect.stringContaining('Says hello'), signature: { status: 'untrusted', keyId: key.keyId } });
    expect((await host.api.get('/api/marketplace?q=alice')).body.items.map((i: { name: string }) => i.name)).toEqual(['@alice/plugin-hello']);

    const refused = await host.api.post('/api/plugins/install', { name: '@alice/plugin-hello', version: '1.0.0' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('plugin_untrusted_publisher');
    expect(JSON.stringify(refused.body)).not.toMatch(/at .*\.ts:\d+/);

    expect((await host.api.post('/api/plugins/trust', { publisher: 'Alice', publicKeyPem: key.publicKeyPem })).status).toBe(201);
    expect((await host.api.get('/api/marketplace/@alice/plugin-hello')).body.signature.status).toBe('trusted');
    const ok = await host.api.post('/api/plugins/install', { name: '@alice/plugin-hello', version: '1.0.0' });
    expect(ok.status).toBe(201);
    expect(ok.body.plugin).toMatchObject({ installedBy: TEST_ADMIN.email, signature: { status: 'trusted', publisher: 'Alice' } });
  });

  it('revokes tokens: a new token stops the old one, removing the user stops every one', async () => {
    const first = (await host.api.post('/api/registry/users', { name: 'bob' })).body.token as string;
    const second = (await host.api.post('/api/registry/users/bob/token')).body.token as string;
    const { packageJson, tarball } = await packFixture(host.dataDir, { name: 'plugin-bob', version: '1.0.0' });
    await expect(publishPackage({ registry: registryUrl, token: first, packageJson, tarball, signature: null })).rejects.toMatchObject({ status: 401 });
    await publishPackage({ registry: registryUrl, token: second, packageJson, tarball, signature: null });
    expect((await host.api.delete('/api/registry/users/bob')).status).toBe(200);
    const next = await packFixture(host.dataDir, { name: 'plugin-bob', version: '1.0.1' });
    await expect(publishPackage({ registry: registryUrl, token: second, ...next, signature: null })).rejects.toMatchObject({ status: 401 });
    expect((await host.api.get('/api/registry/users')).body.items.map((u: { name: string }) => u.name)).toEqual(['alice']);
  });

  it('answers clear 4xx for bad registry user requests', async () => {
    const bad = await host.api.post('/api/registry/users', { name: 'Not Valid!' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.body.error)).toContain('name');
    expect((await host.api.post('/api/registry/users', { name: 'alice' })).status).toBe(409);
    expect((await host.api.post('/api/registry/users', { name: 'tessera-seed' })).status).toBe(409);
    expect((await host.api.post('/api/registry/users/nobody/token')).status).toBe(404);
  });

  it('keeps the override for unsigned packages to administrators, and records it', async () => {
    await host.api.post('/api/users', { email: 'dev@example.com', password: 'developer password', role: 'developer' });
    const devToken = await host.api.login('dev@example.com', 'developer password');
    const body = { name: 'plugin-bob', version: '1.0.0', allowUntrusted: { reason: 'internal tool from Bob' } };
    const denied = await host.api.post('/api/plugins/install', body, { token: devToken });
    expect(denied.status).toBe(403);
    const unsigned = await host.api.post('/api/plugins/install', { name: 'plugin-bob', version: '1.0.0' }, { token: devToken });
    expect(unsigned.body.error.code).toBe('plugin_unsigned');
    const ok = await host.api.post('/api/plugins/install', body);
    expect(ok.status).toBe(201);
    const listed = (await host.api.get('/api/plugins')).body.items.find((p: { id: string }) => p.id === 'plugin-bob@1.0.0');
    expect(listed).toMatchObject({ signature: { status: 'override-unsigned' }, override: { by: TEST_ADMIN.email, reason: 'internal tool from Bob' } });
  });

  it('drives the same operations from the tessera CLI', async () => {
    const list = cli(['plugins', 'list']);
    expect(list.code).toBe(0);
    expect(list.out).toContain('@alice/plugin-hello@1.0.0');
    expect(list.out).toContain('override by admin@example.com: internal tool from Bob');

    const refused = cli(['plugins', 'install', '@tessera/plugin-log@9.9.9']);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('plugin_version_not_found');

    expect(cli(['plugins', 'disable', '@alice/plugin-hello@1.0.0', '--reason', 'review']).code).toBe(0);
    const disabled = (await host.api.get('/api/plugins')).body.items.find((p: { id: string }) => p.id === '@alice/plugin-hello@1.0.0');
    expect(disabled).toMatchObject({ enabled: false, disabledReason: 'review' });
    const removed = cli(['plugins', 'remove', '@alice/plugin-hello@1.0.0']);
    expect(removed.code).toBe(0);
    expect((await host.api.get('/api/plugins')).body.items.map((p: { id: string }) => p.id)).not.toContain('@alice/plugin-hello@1.0.0');

    const eve = generatePublisherKeyPair();
    const pem = join(host.dataDir, 'eve.pub');
    writeFileSync(pem, eve.publicKeyPem);
    const trusted = cli(['plugins', 'trust', 'Eve', pem]);
    expect(trusted.code, trusted.err).toBe(0);
    expect((await host.api.get('/api/plugins/trust')).body.items).toContainEqual(expect.objectContaining({ id: eve.keyId, publisher: 'Eve', firstParty: false }));

    const user = cli(['registry-users', 'add', 'carol']);
    expect(user.code).toBe(0);
    expect(user.out).toMatch(/_authToken=/);
    expect((await host.api.get('/api/registry/users')).body.items.map((u: { name: string }) => u.name)).toContain('carol');
  }, 240_000);
});
