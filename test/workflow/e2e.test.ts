/**
 * End to end through the API of a real host process: create a source, a flow and a rule, publish, `/track` an
 * event, and see the profile changed by sandboxed plugins, the flow's response in the answer, and the debugger's
 * trace from a test run. Once with flows on the main thread and once on a flow thread (FLOW_THREADS).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishPackage } from '@tessera/marketplace/registry';
import { packDirectory } from '@tessera/marketplace/workspace';
import { computeIntegrity, generatePublisherKeyPair, signPackage } from '@tessera/plugin-sdk/signing';
import { startHost, waitForPlugins, type HostHandle } from '../helpers/index.ts';
import { FIVE_NODE_PLUGINS, fiveNodeFlow } from './five-node-flow.ts';

// A third-party plugin that counts visits per profile in ctx.kv, logs a warning and answers with the count.
const COUNTER_CODE = `var __tesseraPlugin = { default: { tessera: 'plugin', kind: 'action', async run(input, ctx) {
  const n = ((await ctx.kv.get('visits')) ?? 0) + 1;
  await ctx.kv.set('visits', n);
  ctx.log.warn('visit number ' + n);
  return [{ port: 'respond', payload: { visits: n } }, { port: 'payload', payload: input.payload }];
} } };
`;

/** Publishes and installs the counter plugin as a developer and an administrator would (signed, trusted). */
async function installCounter(host: HostHandle): Promise<void> {
  const creds = await host.api.post('/api/registry/users', { name: 'counter-dev' });
  const key = generatePublisherKeyPair();
  expect((await host.api.post('/api/plugins/trust', { publisher: 'Counter Dev', publicKeyPem: key.publicKeyPem })).status).toBe(201);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-counter-'));
  const packageJson = {
    name: 'visit-counter', version: '1.0.0', keywords: ['tessera-plugin'], files: ['dist'],
    tessera: {
      apiVersion: '1', kind: 'action', title: 'Visit counter', description: 'Counts visits per profile', category: 'Testing', entry: 'dist/index.js',
      outputs: ['payload', 'respond'], permissions: { kv: 'profile', profile: 'read' },
    },
  };
  try {
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(packageJson));
    fs.writeFileSync(path.join(dir, 'dist', 'index.js'), COUNTER_CODE);
    const { tarball } = await packDirectory(dir);
    const signature = signPackage({ name: 'visit-counter', version: '1.0.0', integrity: computeIntegrity(tarball) }, key.privateKeyPem);
    await publishPackage({ registry: creds.body.registry, token: creds.body.token, packageJson, tarball, signature, readme: '' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const installed = await host.api.post('/api/plugins/install', { name: 'visit-counter', version: '1.0.0' });
  expect(installed.status, JSON.stringify(installed.body)).toBe(201);
}

// FLOW_THREADS=0: flows run on the main thread; 1: on a flow thread, which asks back for plugins, kv and logging.
describe.each(['0', '1'])('FLOW_THREADS=%s', (threads) => {
  let host: HostHandle;
  let source: { id: string };
  let flowId: string;

  beforeAll(async () => {
    host = await startHost({ env: { FLOW_THREADS: threads } });
    source = await host.api.createSource({ name: 'shop' });
    await waitForPlugins(host.api, [...FIVE_NODE_PLUGINS, '@tessera/plugin-log']);
  });
  afterAll(() => host?.dispose());

  const purchase = (total: number, session?: { id: string }) => host.api.track({ source: { id: source.id }, ...(session ? { session } : {}), events: [{ type: 'Purchase', properties: { total } }] });

  describe('flows through the API', () => {
    it('a saved flow with mistakes is refused with 422 naming node and field', async () => {
      const bad = fiveNodeFlow('Broken');
      bad.nodes[1].config = { condition: 'event@properties.total >' };
      (bad.nodes[2] as { plugin?: { name: string; version: string } }).plugin = { name: '@tessera/plugin-set-value', version: '0.0.1' };
      const res = await host.api.post('/api/flows', bad);
      expect(res.status).toBe(422);
      expect(res.body.error.code).toBe('invalid_flow');
      expect(res.body.error.details.fields).toEqual(expect.arrayContaining([
        expect.objectContaining({ path: 'nodes.1.config.condition', node: 'big', message: expect.stringMatching(/column 25/) }),
        expect.objectContaining({ path: 'nodes.2.plugin', node: 'mark', message: 'plugin @tessera/plugin-set-value@0.0.1 is not installed' }),
      ]));
      const shape = await host.api.post('/api/flows', { name: 'x', nodes: [{ id: 'start', type: 'begin' }], edges: [] });
      expect(shape.status).toBe(422);
    });

    it('creates, publishes and routes: /track runs the published flow in the sandbox', async () => {
      const created = await host.api.post('/api/flows', fiveNodeFlow());
      expect(created.status).toBe(201);
      flowId = created.body.id;
      expect(created.body.publishedVersion).toBeNull();

      const rule = await host.api.post('/api/rules', { name: 'purchases', eventType: 'purchase', source: source.id, flowId });
      expect(rule.status).toBe(201);

      // A rule pointing at an unpublished flow runs nothing and says so.
      const before = await purchase(150);
      expect(before.status).toBe(200);
      expect(before.body.response).toEqual({});
      expect(before.body.warnings.join('\n')).toMatch(/no published version/);

      const pub = await host.api.post(`/api/flows/${flowId}/publish`, { note: 'first' });
      expect(pub.status).toBe(201);
      expect(pub.body).toMatchObject({ version: 1, note: 'first', publishedBy: 'admin@example.com' });

      const res = await purchase(150);
      expect(res.status).toBe(200);
      expect(res.body.errors).toEqual([]);
      expect(res.body.response).toEqual({ thanks: { text: 'Thanks! Big purchase #1 of 150' } });

      const profile = await host.api.get(`/api/profiles/${res.body.profile.id}`);
      expect(profile.body.traits).toMatchObject({ bigPurchases: 1, lastTotal: 150 });
      const again = await purchase(300, res.body.session);
      expect(again.body.response.thanks.text).toBe('Thanks! Big purchase #2 of 300');
      expect((await host.api.get(`/api/profiles/${res.body.profile.id}`)).body.traits).toMatchObject({ bigPurchases: 2, lastTotal: 300 });

      const event = await host.api.get(`/api/events/${res.body.events.at(-1)}`);
      expect(event.body).toMatchObject({ type: 'purchase', status: 'processed', properties: { total: 150, big: true } });
      expect(event.body.flows).toEqual([expect.objectContaining({ flowId, version: 1, status: 'ok' })]);

      const small = await purchase(20);
      expect(small.body.response).toEqual({});
      expect((await host.api.get(`/api/profiles/${small.body.profile.id}`)).body.traits.bigPurchases).toBeUndefined();
    });

    it('live traffic runs the published version only; rollback switches back', async () => {
      const draft = fiveNodeFlow();
      draft.nodes[5].config = { key: 'thanks', body: { text: 'v2 {{payload@text}}' } };
      expect((await host.api.put(`/api/flows/${flowId}`, draft)).status).toBe(200);
      expect((await purchase(500)).body.response.thanks.text).toMatch(/^Thanks!/);

      expect((await host.api.post(`/api/flows/${flowId}/publish`, { note: 'v2' })).body.version).toBe(2);
      expect((await purchase(500)).body.response.thanks.text).toMatch(/^v2 Thanks!/);

      const diff = await host.api.get(`/api/flows/${flowId}/diff?from=1&to=2`);
      expect(diff.body.nodes.changed).toEqual([expect.objectContaining({ id: 'reply', fields: ['config'] })]);

      const rb = await host.api.post(`/api/flows/${flowId}/rollback`, { version: 1 });
      expect(rb.status).toBe(201);
      expect(rb.body).toMatchObject({ version: 3, rollbackOf: 1 });
      expect((await purchase(500)).body.response.thanks.text).toMatch(/^Thanks!/);
      const versions = await host.api.get(`/api/flows/${flowId}/versions`);
      expect(versions.body.items.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    });

    it('a test run returns the trace and stores nothing', async () => {
      const res = await host.api.post(`/api/flows/${flowId}/test`, {
        event: { type: 'purchase', properties: { total: 180 }, context: {} }, profile: { traits: { bigPurchases: 4 } },
      });
      expect(res.status).toBe(200);
      const body = res.body;
      expect(body.version).toBe('draft');
      expect(body.status).toBe('ok');
      expect(body.nodes.map((n: { id: string; status: string }) => `${n.id}:${n.status}`)).toEqual(['start:ok', 'big:ok', 'mark:ok', 'traits:ok', 'text:ok', 'reply:ok']);
      const big = body.nodes.find((n: { id: string }) => n.id === 'big');
      expect(big).toMatchObject({ plugin: '@tessera/plugin-if@1.0.0', input: { port: 'payload', payload: { total: 180 } }, outputs: [{ port: 'true', payload: { total: 180 } }], error: null });
      expect(big.durationMs).toBeGreaterThan(0);
      expect(typeof big.cpuMs).toBe('number');
      expect(body.edges.sort()).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
      expect(body.profileDiff).toEqual(expect.arrayContaining([
        { path: 'traits.bigPurchases', before: 4, after: 5 },
        { path: 'traits.lastTotal', before: null, after: 180 },
      ]));
      expect(body.response).toEqual({ thanks: { text: 'v2 Thanks! Big purchase #5 of 180' } });
      const stored = await host.api.get('/api/profiles?limit=1000');
      expect(JSON.stringify(stored.body.items)).not.toContain('@test-profile');
    });

    it('a stored event can be replayed, and failures name flow, node, plugin and reason', async () => {
      const tracked = await purchase(999);
      const eventId = tracked.body.events.at(-1);
      const replay = await host.api.post(`/api/flows/${flowId}/test`, { eventId, version: 1 });
      expect(replay.status).toBe(200);
      expect(replay.body.version).toBe(1);
      expect(replay.body.response.thanks.text).toBe('Thanks! Big purchase #2 of 999');

      const failing = fiveNodeFlow('Failing');
      failing.nodes[3].config = { operations: [{ field: 'traits.bigPurchases', op: 'increment', value: 'many' }] };
      const f = await host.api.post('/api/flows', failing);
      const run = await host.api.post(`/api/flows/${f.body.id}/test`, { event: { type: 'purchase', properties: { total: 500 } } });
      expect(run.body.status).toBe('failed');
      expect(run.body.errors[0]).toMatchObject({ nodeId: 'traits', plugin: '@tessera/plugin-update-profile@1.0.0', code: 'invalid_value' });
      expect(run.body.nodes.find((n: { id: string }) => n.id === 'traits').error.message).toMatch(/'many' is not a number/);

      // Live: the failure is reported in the /track answer (status 226, as Tracardi) and nothing of that flow is applied.
      await host.api.post(`/api/flows/${f.body.id}/publish`, {});
      const rule = await host.api.post('/api/rules', { name: 'failing', eventType: 'purchase', source: 'any', flowId: f.body.id });
      const res = await purchase(700);
      expect(res.status).toBe(226);
      expect(res.body.errors.join('\n')).toMatch(/flow "Failing" \(.+ v1\), node traits "Count", plugin @tessera\/plugin-update-profile@1\.0\.0: increment traits\.bigPurchases: 'many' is not a number/);
      expect(res.body.response.thanks.text).toMatch(/^Thanks!/);
      expect((await host.api.delete(`/api/rules/${rule.body.id}`)).status).toBe(204);
      expect((await purchase(700)).status).toBe(200);
    });

    it('a plugin keeps state per profile in ctx.kv and logs, wherever flows run; disabling it stops it at once', async () => {
      await installCounter(host);
      const flow = await host.api.post('/api/flows', {
        name: 'Count visits',
        nodes: [{ id: 'start', type: 'start' }, { id: 'count', type: 'plugin', plugin: { name: 'visit-counter', version: '1.0.0' }, config: {} }],
        edges: [{ id: 'e1', source: 'start', sourcePort: 'payload', target: 'count', targetPort: 'payload' }],
      });
      expect(flow.status, JSON.stringify(flow.body)).toBe(201);
      await host.api.post(`/api/flows/${flow.body.id}/publish`, {});
      const rule = await host.api.post('/api/rules', { name: 'visits', eventType: 'page-view', source: source.id, flowId: flow.body.id });
      const view = (session?: { id: string }) => host.api.track({ source: { id: source.id }, ...(session ? { session } : {}), events: [{ type: 'page-view', properties: {} }] });

      const first = await view();
      expect(first.status).toBe(200);
      expect(first.body.response).toEqual({ visits: 1 });
      expect(first.body.warnings.join('\n')).toMatch(/visit number 1/);
      const second = await view(first.body.session);
      expect(second.body.response).toEqual({ visits: 2 });
      // Another profile starts from its own count.
      expect((await view()).body.response).toEqual({ visits: 1 });

      // Disabled: the flow fails at the node at once, naming the plugin; enabled again, it counts on.
      expect((await host.api.post('/api/plugins/disable', { name: 'visit-counter', version: '1.0.0' })).status).toBeLessThan(300);
      const off = await view(first.body.session);
      expect(off.status).toBe(226);
      expect(off.body.errors.join('\n')).toMatch(/visit-counter@1\.0\.0/);
      expect((await host.api.post('/api/plugins/enable', { name: 'visit-counter', version: '1.0.0' })).status).toBeLessThan(300);
      expect((await view(first.body.session)).body.response).toEqual({ visits: 3 });
      expect((await host.api.delete(`/api/rules/${rule.body.id}`)).status).toBe(204);
    });
  });
});
