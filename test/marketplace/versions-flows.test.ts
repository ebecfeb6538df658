/**
 * Versions side by side with real flows (the workflow model's own service on a real SQLite store, plugins from a real
 * Verdaccio): publish → install → use in a flow → upgrade (with a config re-validation report) → roll back; uninstall
 * refused while a published flow uses a version, and forced removal disabling that flow with a visible reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublisherKeyPair } from '@tessera/plugin-sdk/signing';
import { createFlowService, type FlowService } from '../../host/src/workflow/flows.service.ts';
import { newPublisher, publishFixture, startWorld, type MarketplaceWorld } from './fixtures.ts';

let world: MarketplaceWorld;
let acme: PublisherKeyPair;
let flows: FlowService;

const NAME = '@acme/plugin-greeter';
const schema = (extra: Record<string, unknown> = {}, required: string[] = []) => ({
  apiVersion: '1', kind: 'action', title: 'Greeter', category: 'Testing', entry: 'dist/index.js',
  config: { type: 'object', additionalProperties: false, required, properties: { greeting: { type: 'string', default: 'hi' }, ...extra } },
});

beforeAll(async () => {
  world = await startWorld();
  acme = newPublisher();
  await world.plugins.trust.add({ publisher: 'Acme', publicKeyPem: acme.publicKeyPem, actor: 'admin@test' });
  flows = createFlowService({ store: world.store, plugins: world.plugins.catalog });
  world.plugins.flowHooks.saveDraft = (id, input) => flows.update(id, input as never);
  await publishFixture(world, { name: NAME, version: '1.0.0', tessera: schema() }, acme);
  // 2.0.0 makes `audience` required and drops nothing: old configs no longer fit.
  await publishFixture(world, { name: NAME, version: '2.0.0', tessera: schema({ audience: { type: 'string', enum: ['all', 'vip'] } }, ['audience']) }, acme);
  // 2.1.0 gives `audience` a default: old configs fit again.
  await publishFixture(world, { name: NAME, version: '2.1.0', tessera: schema({ audience: { type: 'string', enum: ['all', 'vip'], default: 'all' } }) }, acme);
});
afterAll(async () => { await world?.close(); });

const graph = (version: string, config: Record<string, unknown> = { greeting: 'hello' }) => ({
  name: 'Greets', description: '',
  nodes: [
    { id: 'start', type: 'start' as const },
    { id: 'greet', type: 'plugin' as const, plugin: { name: NAME, version }, config },
  ],
  edges: [{ id: 'e1', source: 'start', sourcePort: 'payload', target: 'greet', targetPort: 'payload' }],
});

describe('plugin versions in flows', () => {
  let flowId: string;

  it('a flow pins an installed version and shows up as its user; a newer registry version is offered as an upgrade', async () => {
    await world.plugins.installFromRegistry(NAME, '1.0.0', { actor: 'admin@test' });
    const { flow } = await flows.create(graph('1.0.0'));
    flowId = flow.id;
    await flows.publish(flowId, 'first', 'admin@test');
    const live = await flows.live(flowId);
    expect(live?.graph.nodes[1].plugin).toEqual({ name: NAME, version: '1.0.0' });

    const { installedViews } = await import('../../host/src/plugins/http/views.ts');
    const [view] = (await installedViews(world.store, world.plugins)).filter((p) => p.name === NAME);
    expect(view.usedBy).toEqual([expect.objectContaining({ flowId, flowName: 'Greets', liveNodes: ['greet'], draftNodes: ['greet'] })]);
    expect(view.upgradeAvailable).toBe('2.1.0');
  });

  it('reports what no longer fits before upgrading a node, and saves nothing when it does not fit', async () => {
    await world.plugins.installFromRegistry(NAME, '2.0.0', { actor: 'admin@test' });
    const report = await world.plugins.upgradeNodes({ flowId, plugin: NAME, toVersion: '2.0.0' });
    expect(report.fits).toBe(false);
    expect(report.nodes[0]).toMatchObject({ nodeId: 'greet', from: `${NAME}@1.0.0`, to: `${NAME}@2.0.0`, fits: false });
    expect(report.nodes[0].configProblems).toEqual([expect.objectContaining({ path: 'audience' })]);
    await expect(world.plugins.upgradeNodes({ flowId, plugin: NAME, toVersion: '2.0.0', apply: true }))
      .rejects.toMatchObject({ code: 'upgrade_does_not_fit', status: 409 });
    expect((await flows.get(flowId)).nodes[1].plugin?.version).toBe('1.0.0');
  });

  it('upgrades explicitly; live traffic keeps the pinned version until the flow is published; rollback restores it', async () => {
    await world.plugins.installFromRegistry(NAME, '2.1.0', { actor: 'admin@test' });
    const report = await world.plugins.upgradeNodes({ flowId, plugin: NAME, toVersion: '2.1.0', apply: true });
    expect(report).toMatchObject({ fits: true, applied: true });
    const draft = await flows.get(flowId);
    expect(draft.nodes[1]).toMatchObject({ plugin: { version: '2.1.0' }, config: { greeting: 'hello', audience: 'all' } });
    expect((await flows.live(flowId))?.graph.nodes[1].plugin?.version).toBe('1.0.0');

    await flows.publish(flowId, 'upgrade greeter', 'admin@test');
    expect((await flows.live(flowId))?.graph.nodes[1].plugin?.version).toBe('2.1.0');
    expect((await world.plugins.catalog.get(NAME, '2.1.0')).manifest.config).toMatchObject({ properties: { audience: { default: 'all' } } });

    await flows.rollback(flowId, 1, undefined, 'admin@test');
    expect((await flows.live(flowId))?.graph.nodes[1].plugin?.version).toBe('1.0.0');
    expect((await world.plugins.catalog.get(NAME, '1.0.0')).code).toContain(`v: '1.0.0'`);
  });

  it('refuses to uninstall a version a published flow runs, naming the flow; an unused version goes', async () => {
    await expect(world.plugins.manager.remove(NAME, '1.0.0', { actor: 'admin@test' }))
      .rejects.toMatchObject({ code: 'plugin_in_use', status: 409, details: { flows: [expect.objectContaining({ flowName: 'Greets' })] } });
    expect(await world.plugins.catalog.has(NAME, '1.0.0')).toBe(true);
    const removed = await world.plugins.manager.remove(NAME, '2.0.0', { actor: 'admin@test' });
    expect(removed.disabledFlows).toEqual([]);
    expect(await world.plugins.catalog.has(NAME, '2.0.0')).toBe(false);
  });

  it('forced removal disables the flows that ran it, with a reason', async () => {
    const result = await world.plugins.manager.remove(NAME, '1.0.0', { actor: 'admin@test', force: true });
    expect(result.disabledFlows).toEqual([{ flowId, flowName: 'Greets' }]);
    expect(await flows.live(flowId)).toBeNull();
    expect((await flows.get(flowId)).disabled?.reason).toMatch(new RegExp(`${NAME}@1.0.0 was uninstalled by admin@test`));
  });

  it('disabling a version stops it from loading and says which flows are affected; enabling brings it back', async () => {
    await flows.publish(flowId, 'back on 2.1.0', 'admin@test');
    expect((await flows.get(flowId)).disabled ?? null).toBeNull();
    const { affectedFlows } = await world.plugins.manager.setEnabled(NAME, '2.1.0', false, { actor: 'admin@test', reason: 'incident 42' });
    expect(affectedFlows.map((f) => f.flowId)).toEqual([flowId]);
    await expect(world.plugins.catalog.get(NAME, '2.1.0')).rejects.toMatchObject({ code: 'plugin_disabled', message: expect.stringContaining('incident 42') });
    await world.plugins.manager.setEnabled(NAME, '2.1.0', true, { actor: 'admin@test' });
    expect((await world.plugins.catalog.get(NAME, '2.1.0')).version).toBe('2.1.0');
  });
});
