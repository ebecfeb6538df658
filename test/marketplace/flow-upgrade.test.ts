/**
 * Publish → install → use in a flow on /track → upgrade (with the config report) → publish → roll back → forced
 * uninstall, against a running host with its embedded Verdaccio, with plugins built by the SDK and run in the sandbox.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIntegrity, generatePublisherKeyPair, signPackage } from '@tessera/plugin-sdk/signing';
import { publishPackage } from '@tessera/plugin-sdk/publish';
import { startHost, waitForSeeding, type HostHandle } from '../helpers/index.ts';
import { buildFixture } from './fixtures.ts';

let host: HostHandle;
let sourceId: string;
const NAME = '@acme/plugin-stamp';

async function publishStamp(version: string, config: Record<string, unknown>, run: string, registry: string, token: string, key: ReturnType<typeof generatePublisherKeyPair>) {
  const { packageJson, tarball } = await buildFixture(host.dataDir, { name: NAME, version, config, run });
  const signature = signPackage({ name: NAME, version, integrity: computeIntegrity(tarball) }, key.privateKeyPem);
  await publishPackage({ registry, token, packageJson, tarball, signature });
}

async function stampOf(): Promise<unknown> {
  const res = await host.api.track({ source: { id: sourceId }, events: [{ type: 'purchase', properties: {} }] });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return (res.body.response as { stamp?: { text?: string } }).stamp?.text ?? null;
}

beforeAll(async () => {
  host = await startHost();
  await host.api.adminToken();
  const status = await waitForSeeding(host.api);
  if (status.seed.state !== 'done') throw new Error(`seeding did not finish: ${JSON.stringify(status)}`);
  const registry = (await host.api.get('/api/registry')).body.url as string;
  const token = (await host.api.post('/api/registry/users', { name: 'acme' })).body.token as string;
  const key = generatePublisherKeyPair();
  await host.api.post('/api/plugins/trust', { publisher: 'Acme', publicKeyPem: key.publicKeyPem });
  const label = { type: 'string', default: 'x' };
  await publishStamp('1.0.0', { type: 'object', properties: { label } }, `return { port: 'payload', payload: { stamp: 'v1:' + ctx.config.label } };`, registry, token, key);
  // 2.0.0 requires a `mode` the old config lacks; 2.1.0 gives it a default.
  await publishStamp('2.0.0', { type: 'object', required: ['mode'], properties: { label, mode: { type: 'string', enum: ['a', 'b'] } } },
    `return { port: 'payload', payload: { stamp: 'v2.0:' + ctx.config.label } };`, registry, token, key);
  await publishStamp('2.1.0', { type: 'object', properties: { label, mode: { type: 'string', enum: ['a', 'b'], default: 'a' } } },
    `return { port: 'payload', payload: { stamp: 'v2.1:' + ctx.config.label + ':' + ctx.config.mode } };`, registry, token, key);
  sourceId = (await host.api.createSource()).id;
});
afterAll(async () => { await host?.dispose(); });

describe('a plugin version through its life in a flow', () => {
  let flowId: string;

  it('installs 1.0.0 from the registry and runs it in a published flow on /track', async () => {
    expect((await host.api.post('/api/plugins/install', { name: NAME, version: '1.0.0' })).status).toBe(201);
    const flow = await host.api.post('/api/flows', {
      name: 'Stamp purchases',
      nodes: [
        { id: 'start', type: 'start' },
        { id: 'stamp', type: 'plugin', plugin: { name: NAME, version: '1.0.0' }, config: { label: 'ab' } },
        { id: 'answer', type: 'plugin', plugin: { name: '@tessera/plugin-create-response', version: '1.0.0' }, config: { key: 'stamp', body: { text: '{{payload@stamp}}' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', sourcePort: 'payload', target: 'stamp', targetPort: 'payload' },
        { id: 'e2', source: 'stamp', sourcePort: 'payload', target: 'answer', targetPort: 'payload' },
      ],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    flowId = flow.body.id;
    expect((await host.api.post(`/api/flows/${flowId}/publish`, { note: 'v1' })).status).toBe(201);
    expect((await host.api.post('/api/rules', { name: 'purchases', eventType: 'purchase', source: 'any', flowId })).status).toBe(201);
    expect(await stampOf()).toBe('v1:ab');

    const listed = (await host.api.get('/api/plugins')).body.items.find((p: { id: string }) => p.id === `${NAME}@1.0.0`);
    expect(listed).toMatchObject({ upgradeAvailable: '2.1.0', usedBy: [expect.objectContaining({ flowId, liveNodes: ['stamp'] })] });
    const market = (await host.api.get(`/api/marketplace/${NAME}`)).body;
    expect(market.versions.map((v: { version: string; installed: boolean }) => [v.version, v.installed])).toEqual([['2.1.0', false], ['2.0.0', false], ['1.0.0', true]]);
    expect(market.upgradeAvailable).toBe('2.1.0');
  });

  it('reports the config that no longer fits 2.0.0 and saves nothing', async () => {
    await host.api.post('/api/plugins/install', { name: NAME, version: '2.0.0' });
    const report = await host.api.post('/api/plugins/upgrade-node', { flowId, plugin: NAME, version: '2.0.0' });
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ fits: false, nodes: [{ nodeId: 'stamp', configProblems: [expect.objectContaining({ path: 'mode' })] }] });
    const applied = await host.api.post('/api/plugins/upgrade-node', { flowId, plugin: NAME, version: '2.0.0', apply: true });
    expect(applied.status).toBe(409);
    expect(applied.body.error.code).toBe('upgrade_does_not_fit');
    expect((await host.api.get(`/api/flows/${flowId}`)).body.nodes[1].plugin.version).toBe('1.0.0');
  });

  it('upgrades to 2.1.0 explicitly: the draft changes, live traffic only after publishing; rollback restores 1.0.0', async () => {
    await host.api.post('/api/plugins/install', { name: NAME, version: '2.1.0' });
    const applied = await host.api.post('/api/plugins/upgrade-node', { flowId, plugin: NAME, version: '2.1.0', apply: true });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body.applied).toBe(true);
    expect(await stampOf()).toBe('v1:ab');
    expect((await host.api.post(`/api/flows/${flowId}/publish`, { note: 'stamp 2.1' })).status).toBe(201);
    expect(await stampOf()).toBe('v2.1:ab:a');
    expect((await host.api.post(`/api/flows/${flowId}/rollback`, { version: 1 })).status).toBe(201);
    expect(await stampOf()).toBe('v1:ab');
  });

  it('refuses to uninstall the version the live flow runs; forcing disables the flow with a visible reason', async () => {
    const refused = await host.api.delete(`/api/plugins/${NAME}/1.0.0`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'plugin_in_use', details: { flows: [expect.objectContaining({ flowName: 'Stamp purchases' })] } });
    expect(await stampOf()).toBe('v1:ab');

    const forced = await host.api.delete(`/api/plugins/${NAME}/1.0.0?force=true`);
    expect(forced.status).toBe(200);
    expect(forced.body.disabledFlows).toEqual([{ flowId, flowName: 'Stamp purchases' }]);
    const flow = (await host.api.get(`/api/flows/${flowId}`)).body;
    expect(flow.publishedVersion).toBeNull();
    expect(flow.disabled.reason).toContain(`${NAME}@1.0.0 was uninstalled`);
    expect(await stampOf()).toBeNull();
  });
});
