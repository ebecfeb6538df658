/**
 * Destinations end to end, with the real host process and a local HTTP receiver: data goes out only through
 * `dispatch` jobs that run the webhook plugin in the sandbox; failures retry and dead-letter; disabled destinations
 * receive nothing; credentials are sealed at rest and masked in every answer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, waitForPlugins, type HostHandle } from '../helpers/index.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const WEBHOOK = { name: '@tessera/plugin-webhook-destination', version: '1.0.0' };
const TOKEN = 'crm-token-5f1e2d3c4b';
let host: HostHandle;
let receiver: Receiver;
let sourceId: string;

beforeAll(async () => {
  receiver = await startReceiver();
  // The sandbox refuses loopback unless the administrator allows it: the receiver runs on 127.0.0.1.
  host = await startHost({ env: { SANDBOX_ALLOW_PRIVATE_HOSTS: '127.0.0.1' } });
  sourceId = (await host.api.createSource({ name: 'shop' })).id;
  await waitForPlugins(host.api, [WEBHOOK.name, '@tessera/plugin-log']);
}, 240_000);
afterAll(async () => {
  await host?.dispose();
  await receiver?.close();
});

const webhook = (name: string, urlPath: string, extra: Record<string, unknown> = {}) => ({
  name, plugin: WEBHOOK, on: 'event', config: { url: `${receiver.url}${urlPath}`, allowlist: ['127.0.0.1'] }, ...extra,
});
const track = (type: string, properties: Record<string, unknown> = {}, session?: { id: string }) =>
  host.api.track({ source: { id: sourceId }, ...(session ? { session } : {}), events: [{ type, properties }] });

describe('destination configuration', () => {
  it('refuses a plugin that is missing or not a destination, a config outside its schema, a bad condition and undeclared credentials', async () => {
    const missing = await host.api.post('/api/destinations', { ...webhook('x', '/x'), plugin: { name: WEBHOOK.name, version: '9.9.9' } });
    expect(missing.status).toBe(422);
    expect(missing.body.error.details.fields).toEqual([expect.objectContaining({ path: 'plugin', message: `plugin ${WEBHOOK.name}@9.9.9 is not installed` })]);
    const action = await host.api.post('/api/destinations', { ...webhook('x', '/x'), plugin: { name: '@tessera/plugin-log', version: '1.0.0' } });
    expect(action.status).toBe(422);
    expect(action.body.error.details.fields[0].message).toMatch(/of kind action, not destination/);
    const bad = await host.api.post('/api/destinations', {
      ...webhook('x', '/x'), config: { url: `${receiver.url}/x`, method: 'GET' }, condition: 'event@type ==', resources: { billing: { key: 'k' } },
    });
    expect(bad.status).toBe(422);
    const paths = bad.body.error.details.fields.map((f: { path: string }) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['config.allowlist', 'config.method', 'condition', 'resources.billing']));
    expect((await host.api.get('/api/destinations')).body.items).toEqual([]);
  });

  it('stores credentials sealed: answers mask them and the data folder never holds them in clear', async () => {
    const created = await host.api.post('/api/destinations', webhook('CRM', '/crm', { id: 'crm', eventTypes: ['Purchase'], resources: { auth: { token: TOKEN } } }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'crm', eventTypes: ['purchase'], enabled: true, resources: { auth: { token: '********' } }, delivery: { attempts: 5 } });
    const listed = await host.api.get('/api/destinations');
    expect(JSON.stringify(listed.body)).not.toContain(TOKEN);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual(['crm']);
    const files = fs.readdirSync(host.dataDir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(host.dataDir, f)).isFile());
    for (const f of files) expect(fs.readFileSync(path.join(host.dataDir, f)).includes(TOKEN), f).toBe(false);
  });

  it('sends a matching event after /track, with the credential as ctx.resources, and only matching types', async () => {
    const started = Date.now();
    const res = await track('Purchase', { total: 42 });
    expect(res.status).toBe(200);
    await track('page-view');
    const [got] = await receiver.waitFor('/crm');
    expect(got.method).toBe('POST');
    expect(got.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(got.body).toMatchObject({
      trigger: 'event', destination: { id: 'crm', name: 'CRM' },
      event: { id: res.body.events.at(-1), type: 'purchase', properties: { total: 42 }, sourceId },
      profile: { id: res.body.profile.id }, session: { id: res.body.session.id },
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.at('/crm').map((r) => r.body.event.type)).toEqual(['purchase']);
  });

  it('masked credentials sent back are kept; a PUT without resources keeps them too', async () => {
    const current = (await host.api.get('/api/destinations/crm')).body;
    const { id: _id, createdAt: _c, updatedAt: _u, ...body } = current;
    const put = await host.api.put('/api/destinations/crm', { ...body, condition: 'event@properties.total > 10' });
    expect(put.status).toBe(200);
    expect(put.body.resources).toEqual({ auth: { token: '********' } });
    await track('purchase', { total: 5 });
    await track('purchase', { total: 50 });
    const got = await receiver.waitFor('/crm', 2);
    expect(got[1].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(got[1].body.event.properties.total).toBe(50);
    const unknown = await host.api.put('/api/destinations/crm', { ...body, resources: { auth: { token: '********', user: '********' } } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details.fields[0].path).toBe('resources.auth.user');
  });

  it('profile-changed destinations get a profile once per real change, not for visit counters', async () => {
    const created = await host.api.post('/api/destinations', { ...webhook('Profiles', '/profiles', { on: 'profile-changed' }) });
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2500)); // the stage's cache of destinations lives two seconds
    const first = await track('page-view');
    const [got] = await receiver.waitFor('/profiles');
    expect(got.body).toMatchObject({ trigger: 'profile-changed', profile: { id: first.body.profile.id } });
    await track('page-view', {}, first.body.session);
    await track('page-view', {}, first.body.session);
    await new Promise((r) => setTimeout(r, 2000));
    expect(receiver.at('/profiles')).toHaveLength(1);
    await host.api.delete('/api/destinations/' + created.body.id);
  });

  it('retries a failing receiver with backoff, then leaves a dead letter naming the destination', async () => {
    const created = await host.api.post('/api/destinations', webhook('Flaky', '/fail/flaky', { id: 'flaky', eventTypes: ['signup'], delivery: { attempts: 3, backoffMs: 300 } }));
    expect(created.status).toBe(201);
    await new Promise((r) => setTimeout(r, 2500));
    await track('signup');
    await receiver.waitFor('/fail/flaky', 3);
    let dead: Array<{ name: string; attempts: number; error: string; payload: { destinationId: string } }> = [];
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      dead = (await host.api.get('/api/jobs/dead-letters?name=dispatch')).body.items;
      if (dead.length > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ name: 'dispatch', attempts: 3, payload: { destinationId: 'flaky' } });
    expect(dead[0].error).toMatch(/destination "Flaky" \(flaky\), plugin @tessera\/plugin-webhook-destination@1\.0\.0: .*answered 503/);
    await new Promise((r) => setTimeout(r, 1000));
    expect(receiver.at('/fail/flaky')).toHaveLength(3);
  });

  it('a disabled destination receives nothing', async () => {
    const created = await host.api.post('/api/destinations', webhook('Off', '/off', { eventTypes: ['order'] }));
    const { id, createdAt: _c, updatedAt: _u, resources: _r, ...body } = created.body;
    expect((await host.api.put(`/api/destinations/${id}`, { ...body, enabled: false })).status).toBe(200);
    // A second, enabled destination on the same type proves the dispatch ran.
    await host.api.post('/api/destinations', webhook('On', '/on', { eventTypes: ['order'] }));
    await new Promise((r) => setTimeout(r, 2500));
    await track('order');
    await receiver.waitFor('/on');
    await new Promise((r) => setTimeout(r, 1500));
    expect(receiver.at('/off')).toHaveLength(0);
  });

  it('viewers may read destinations but not change them', async () => {
    const users = await host.api.post('/api/users', { email: 'viewer@example.com', password: 'a long viewer password', role: 'viewer' });
    expect(users.status).toBe(201);
    const token = await host.api.login('viewer@example.com', 'a long viewer password');
    expect((await host.api.get('/api/destinations', { token })).status).toBe(200);
    expect((await host.api.post('/api/destinations', webhook('x', '/x'), { token })).status).toBe(403);
  });
});
