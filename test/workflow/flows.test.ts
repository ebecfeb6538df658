/** Flow validation, versions (publish, diff, rollback) and routing rules over a real SQLite store and real plugins. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTesseraError } from '../../host/src/errors/index.ts';
import { createRuleService, type RuleService } from '../../host/src/workflow/rules.service.ts';
import type { FlowInput } from '../../host/src/workflow/flow.schema.ts';
import { createWorld, edge, node, start, type World } from './world.ts';

let world: World;
let rules: RuleService;
beforeAll(async () => {
  world = await createWorld();
  rules = createRuleService({ store: world.store });
  await world.store.config('sources').put({ id: 'web', name: 'Web' } as never);
});
afterAll(() => world.close());

async function problems(input: FlowInput) {
  try {
    await world.flows.create(input);
  } catch (e) {
    if (!isTesseraError(e)) throw e;
    expect(e).toMatchObject({ code: 'invalid_flow', status: 422 });
    return ((e.details as { fields: { path: string; node?: string; message: string }[] }).fields);
  }
  throw new Error('expected the flow to be refused');
}

const good = (): FlowInput => ({
  name: 'Tier', nodes: [start, node('check', 'if', { condition: "profile@traits.plan == 'pro'" }), node('gold', 'set-value', { path: 'profile@traits.tier', value: 'gold' })],
  edges: [edge('start', 'check'), edge('check', 'gold', 'true')],
});

describe('save-time validation', () => {
  it('accepts a valid flow and warns about unreachable nodes', async () => {
    const input = good();
    input.nodes.push(node('lonely', 'log', { message: 'hi' }));
    const { flow, warnings } = await world.flows.create(input);
    expect(flow.publishedVersion).toBeNull();
    expect(warnings).toEqual([expect.objectContaining({ node: 'lonely', message: expect.stringMatching(/never runs/) })]);
  });

  it('names every bad node and field: plugin not installed, config invalid, condition syntax with column', async () => {
    const input = good();
    input.nodes.push(node('ghost', 'no-such-plugin', {}));
    input.nodes.push({ ...node('old', 'if', { condition: 'x' }), plugin: { name: '@tessera/plugin-if', version: '9.9.9' } });
    input.nodes[1].config = { condition: "profile@traits.plan == 'pro' AND" };
    input.nodes[2].config = { path: 'profile@traits.tier', colour: 'red' };
    const list = await problems(input);
    expect(list).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'nodes.1.config.condition', node: 'check', message: expect.stringMatching(/column 33/) }),
      expect.objectContaining({ path: 'nodes.2.config.colour', node: 'gold', message: expect.stringMatching(/not allowed/) }),
      expect.objectContaining({ path: 'nodes.3.plugin', node: 'ghost', message: '@tessera/plugin-no-such-plugin@1.0.0 is not installed'.replace(/^/, 'plugin ') }),
      expect.objectContaining({ path: 'nodes.4.plugin', node: 'old', message: 'plugin @tessera/plugin-if@9.9.9 is not installed' }),
    ]));
  });

  it('checks ports, the single start node and cycles', async () => {
    const input = good();
    input.edges.push(edge('check', 'gold', 'maybe'), { ...edge('gold', 'check'), id: 'back' }, { ...edge('start', 'gold'), id: 'badin', targetPort: 'nope' });
    input.nodes.push({ ...start, id: 'start2' });
    const list = await problems(input);
    const paths = list.map((p) => `${p.path}: ${p.message}`);
    expect(paths).toEqual(expect.arrayContaining([
      expect.stringMatching(/^nodes: a flow needs exactly one start node, found 2$/),
      expect.stringMatching(/^edges\.2\.sourcePort: node 'check' has no output port 'maybe' \(ports: true, false\)$/),
      expect.stringMatching(/^edges\.4\.targetPort: node 'gold' has no input port 'nope'/),
      expect.stringMatching(/^edges: the graph has a cycle through nodes check, gold$/),
    ]));
  });

  it('only a node with policy continue has an error port', async () => {
    const input = good();
    input.nodes.push(node('log', 'log', { message: 'failed' }));
    input.edges.push(edge('gold', 'log', 'error'));
    expect((await problems(input)).map((p) => p.path)).toEqual(['edges.2.sourcePort']);
    input.nodes[2].onError = { policy: 'continue' };
    await expect(world.flows.create(input)).resolves.toBeTruthy();
  });

  it('nothing is stored when validation fails', async () => {
    const before = (await world.flows.list({ limit: 1000 })).items.length;
    await problems({ name: 'bad', nodes: [], edges: [] });
    expect((await world.flows.list({ limit: 1000 })).items.length).toBe(before);
  });
});

describe('versions', () => {
  it('publish freezes the draft; later draft edits do not change the live version; diff and rollback', async () => {
    const { flow } = await world.flows.create(good());
    expect(await world.flows.live(flow.id)).toBeNull();
    const v1 = await world.flows.publish(flow.id, 'first');
    expect(v1).toMatchObject({ version: 1, note: 'first' });

    const edited = good();
    edited.nodes[2].config = { path: 'profile@traits.tier', value: 'platinum' };
    edited.nodes.push(node('seg', 'add-segment', { segment: 'vip' }));
    edited.edges.push(edge('gold', 'seg'));
    await world.flows.update(flow.id, edited);
    expect((await world.flows.live(flow.id))!.graph.nodes[2].config).toEqual({ path: 'profile@traits.tier', value: 'gold' });

    const diff = await world.flows.diff(flow.id, 1, 'draft');
    expect(diff.nodes.added.map((n) => n.id)).toEqual(['seg']);
    expect(diff.nodes.changed.map((c) => [c.id, c.fields])).toEqual([['gold', ['config']]]);
    expect(diff.edges.added.map((e) => e.id)).toEqual(['gold.payload->seg']);

    const v2 = await world.flows.publish(flow.id, 'platinum');
    expect(v2.version).toBe(2);
    const back = await world.flows.rollback(flow.id, 1, undefined);
    expect(back).toMatchObject({ version: 3, rollbackOf: 1, note: 'Rollback to version 1' });
    expect((await world.flows.live(flow.id))!.graph.nodes[2].config).toEqual({ path: 'profile@traits.tier', value: 'gold' });
    expect((await world.flows.versions(flow.id)).map((v) => v.version)).toEqual([3, 2, 1]);
    expect((await world.flows.get(flow.id)).nodes).toHaveLength(4);
  });

  it('two concurrent publishes get two numbers', async () => {
    const { flow } = await world.flows.create(good());
    const [a, b] = await Promise.all([world.flows.publish(flow.id, 'a'), world.flows.publish(flow.id, 'b')]);
    expect([a.version, b.version].sort()).toEqual([1, 2]);
  });

  it('an unknown version is a 404', async () => {
    const { flow } = await world.flows.create(good());
    await expect(world.flows.version(flow.id, 7)).rejects.toMatchObject({ code: 'flow_version_not_found', status: 404 });
  });
});

describe('routing rules', () => {
  it('match by type, source and condition; changes apply at once', async () => {
    const { flow } = await world.flows.create(good());
    const ctx = { profile: { traits: { plan: 'pro' } }, event: { properties: { total: 50 } } };
    const rule = await rules.create({ name: 'big purchases', eventType: 'Purchase', source: 'WEB', condition: 'event@properties.total > 10', flowId: flow.id });
    expect(rule).toMatchObject({ eventType: 'purchase', source: 'web', enabled: true });
    expect((await rules.match({ type: 'purchase', sourceId: 'web' }, ctx)).map((r) => r.id)).toEqual([rule.id]);
    expect(await rules.match({ type: 'purchase', sourceId: 'other' }, ctx)).toEqual([]);
    expect(await rules.match({ type: 'view', sourceId: 'web' }, ctx)).toEqual([]);
    expect(await rules.match({ type: 'purchase', sourceId: 'web' }, { event: { properties: { total: 5 } } })).toEqual([]);

    await rules.update(rule.id, { name: 'off', eventType: 'purchase', source: 'any', flowId: flow.id, enabled: false });
    expect(await rules.match({ type: 'purchase', sourceId: 'web' }, ctx)).toEqual([]);
    const any = await rules.create({ name: 'every event', eventType: '*', source: 'any', flowId: flow.id });
    expect((await rules.match({ type: 'anything', sourceId: 'x' }, {})).map((r) => r.id)).toEqual([any.id]);
    await rules.remove(any.id);
    expect(await rules.match({ type: 'anything', sourceId: 'x' }, {})).toEqual([]);
  });

  it('refuses a broken condition, an unknown flow and an unknown source, naming the fields', async () => {
    await expect(rules.create({ name: 'x', eventType: 'a', source: 'nope', condition: 'event@x ==', flowId: 'missing' })).rejects.toMatchObject({
      code: 'invalid_rule', status: 422,
      details: { fields: [
        { path: 'condition', message: expect.stringMatching(/column 11/) },
        { path: 'flowId', message: "no flow 'missing'" },
        { path: 'source', message: expect.stringMatching(/no event source 'nope'/) },
      ] },
    });
  });

  it('a flow used by a rule cannot be deleted', async () => {
    const { flow } = await world.flows.create(good());
    const rule = await rules.create({ name: 'r', eventType: 'a', source: 'any', flowId: flow.id });
    await expect(world.flows.remove(flow.id, (id) => rules.usingFlow(id))).rejects.toMatchObject({ code: 'flow_in_use', status: 409 });
    await rules.remove(rule.id);
    await world.flows.remove(flow.id, (id) => rules.usingFlow(id));
    await expect(world.flows.get(flow.id)).rejects.toMatchObject({ status: 404 });
  });
});
