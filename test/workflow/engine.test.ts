/**
 * The engine with real plugins in the real sandbox: branching, joins, dead branches, error policies, retries and
 * timeouts. Every flow is first saved through the flow service, so only flows that pass validation are run.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowEdge, FlowNode } from '../../host/src/workflow/flow.schema.ts';
import type { FlowDocs } from '../../host/src/workflow/engine/index.ts';
import { createWorld, edge, event, node, profile, start, type World } from './world.ts';

let world: World;
let server: Server;
let base: string;
// Per path: how many requests to drop (connection destroyed) before answering, and how long to wait before answering.
const behaviour = new Map<string, { drop: number; delayMs: number }>();
const hits = new Map<string, number>();

beforeAll(async () => {
  world = await createWorld();
  server = createServer((req, res) => {
    const key = req.url!.split('?')[0];
    hits.set(key, (hits.get(key) ?? 0) + 1);
    const b = behaviour.get(key) ?? { drop: 0, delayMs: 0 };
    if (b.drop > 0) { b.drop--; req.socket.destroy(); return; }
    setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(JSON.stringify({ path: key })); }, b.delayMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await world.close();
});

async function run(nodes: FlowNode[], edges: FlowEdge[], docs: Partial<FlowDocs> = {}, timeoutMs?: number) {
  const { flow } = await world.flows.create({ name: 'Test flow', nodes: [start, ...nodes], edges, ...(timeoutMs ? { timeoutMs } : {}) });
  const graph = await world.flows.graph(flow.id, 'draft');
  return world.engine.run({ id: flow.id, version: 'draft', graph }, {
    event: docs.event ?? event('purchase', { total: 120 }), profile: docs.profile === undefined ? profile({ plan: 'pro' }) : docs.profile, session: docs.session ?? { id: 'ss1' },
  }, { trace: true });
}

const trace = (r: Awaited<ReturnType<typeof run>>, id: string) => r.nodes.filter((n) => n.id === id);

describe('branching and dead branches', () => {
  const flow = (): [FlowNode[], FlowEdge[]] => [[
    node('check', 'if', { condition: "profile@traits.plan == 'pro'" }),
    node('gold', 'set-value', { path: 'profile@traits.tier', value: 'gold' }),
    node('basic', 'set-value', { path: 'profile@traits.tier', value: 'basic' }),
    node('after-basic', 'add-segment', { segment: 'basic-users' }),
  ], [edge('start', 'check'), edge('check', 'gold', 'true'), edge('check', 'basic', 'false'), edge('basic', 'after-basic')]];

  it('follows the true port only; the other branch and everything after it is skipped', async () => {
    const r = await run(...flow());
    expect(r.status).toBe('ok');
    expect((r.docs.profile!.traits as Record<string, unknown>).tier).toBe('gold');
    expect(trace(r, 'gold')[0].status).toBe('ok');
    expect(trace(r, 'basic')[0].status).toBe('skipped');
    expect(trace(r, 'after-basic')[0].status).toBe('skipped');
    expect(r.edges.sort()).toEqual(['check.true->gold', 'start.payload->check']);
    expect(r.docs.profile!.segments).toEqual([]);
  });

  it('follows the false port for another profile', async () => {
    const r = await run(...flow(), { profile: profile({ plan: 'free' }) });
    expect((r.docs.profile!.traits as Record<string, unknown>).tier).toBe('basic');
    expect(r.docs.profile!.segments).toEqual(['basic-users']);
    expect(trace(r, 'gold')[0].status).toBe('skipped');
  });

  it('a node that returns nothing ends its branch', async () => {
    const r = await run([
      node('sink', 'test-sink', {}),
      node('after', 'add-segment', { segment: 'never' }),
    ], [edge('start', 'sink'), edge('sink', 'after')]);
    expect(r.status).toBe('ok');
    expect(trace(r, 'sink')[0]).toMatchObject({ status: 'ok', outputs: [], logs: [expect.objectContaining({ message: 'swallowed' })] });
    expect(trace(r, 'after')[0].status).toBe('skipped');
    expect(r.edges).toEqual(['start.payload->sink']);
  });

  it('a port with no edge ends the branch', async () => {
    const r = await run([
      node('check', 'if', { condition: 'event@properties.total > 1000' }),
      node('big', 'add-segment', { segment: 'big-spender' }),
    ], [edge('start', 'check'), edge('check', 'big', 'true')]);
    expect(r.status).toBe('ok');
    expect(trace(r, 'check')[0].outputs.map((o) => o.port)).toEqual(['false']);
    expect(trace(r, 'big')[0].status).toBe('skipped');
    expect(r.patches).toEqual([]);
  });
});

describe('joins and data flow', () => {
  it('a node with two incoming branches runs once per message, and later nodes read earlier patches', async () => {
    const r = await run([
      node('a', 'set-value', { path: 'payload@from', value: 'a' }),
      node('b', 'set-value', { path: 'payload@from', value: 'b' }),
      node('count', 'update-profile', { operations: [{ field: 'traits.joins', op: 'increment' }] }),
      node('text', 'template', { template: '{{payload@from}} saw {{profile@traits.joins}}' }),
      node('reply', 'create-response', { key: 'seen', body: { last: '{{payload@text}}' } }),
    ], [edge('start', 'a'), edge('start', 'b'), edge('a', 'count'), edge('b', 'count'), edge('count', 'text'), edge('text', 'reply')]);
    expect(r.status).toBe('ok');
    expect(trace(r, 'count')).toHaveLength(2);
    expect(trace(r, 'count').map((t) => (t.input!.payload as { from: string }).from)).toEqual(['a', 'b']);
    // Topological order: `count` handles both messages before `text` runs, so both renders see the total of 2.
    expect(trace(r, 'text').map((t) => (t.outputs[0].payload as { text: string }).text)).toEqual(['a saw 2', 'b saw 2']);
    expect((r.docs.profile!.traits as Record<string, unknown>).joins).toBe(2);
    expect(r.response).toEqual({ seen: { last: 'b saw 2' } });
    expect(trace(r, 'count')[0].input!.edge).toBe('a.payload->count');
  });

  it('responses of several nodes deep-merge', async () => {
    const r = await run([
      node('r1', 'create-response', { body: { offer: { id: 1 }, a: 1 } }),
      node('r2', 'create-response', { body: { offer: { text: 'hi' }, b: 2 } }),
    ], [edge('start', 'r1'), edge('r1', 'r2')]);
    expect(r.response).toEqual({ offer: { id: 1, text: 'hi' }, a: 1, b: 2 });
  });

  it('ux widgets from the reserved ux port are appended; widgets the tracker cannot draw are dropped with a warning', async () => {
    const popup = (id: string, broken = false) => ({ ...node(id, 'test-show-popup', { text: 'Hi {{profile@traits.plan}}', broken }) });
    const r = await run([popup('p1'), popup('p2', true)], [edge('start', 'p1'), edge('p1', 'p2')]);
    expect(r.status).toBe('ok');
    expect(r.ux).toEqual([
      { type: 'popup', title: 'Hello', text: 'Hi pro', buttons: [{ label: 'OK', event: { type: 'popup-ok' } }] },
      { type: 'popup', title: 'Hello', text: 'Hi pro', buttons: [{ label: 'OK', event: { type: 'popup-ok' } }] },
    ]);
    expect(r.warnings).toEqual([expect.objectContaining({ nodeId: 'p2', code: 'invalid_ux', plugin: '@tessera/plugin-test-show-popup@1.0.0' })]);
  });

  it('the start node sends the event properties as payload', async () => {
    const r = await run([node('copy', 'template', { template: '{{payload@total}}' })], [edge('start', 'copy')]);
    expect(trace(r, 'copy')[0].outputs[0].payload).toEqual({ total: 120, text: '120' });
  });
});

describe('error policies', () => {
  const failing = (extra: Partial<FlowNode> = {}) => node('bad', 'update-profile', { operations: [{ field: 'traits.points', op: 'increment', value: 'lots' }] }, { label: 'Add points', ...extra });

  it('stop: the flow fails, nothing it patched is kept, and the error names flow, node, plugin and reason', async () => {
    const r = await run([
      node('first', 'set-value', { path: 'profile@traits.touched', value: true }),
      failing(),
      node('never', 'add-segment', { segment: 'x' }),
    ], [edge('start', 'first'), edge('first', 'bad'), edge('bad', 'never')]);
    expect(r.status).toBe('failed');
    expect(r.patches).toEqual([]);
    expect((r.docs.profile!.traits as Record<string, unknown>).touched).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ nodeId: 'bad', nodeLabel: 'Add points', plugin: '@tessera/plugin-update-profile@1.0.0', code: 'invalid_value', flowName: 'Test flow' });
    expect(r.errors[0].message).toMatch(/flow "Test flow" \(.+ vdraft\), node bad "Add points", plugin @tessera\/plugin-update-profile@1\.0\.0: increment traits\.points: 'lots' is not a number/);
    expect(trace(r, 'bad')[0].status).toBe('failed');
    expect(r.nodes.find((n) => n.id === 'never')).toBeUndefined();
  });

  it('continue: the failure goes out of the error port with the input, and the flow goes on', async () => {
    const r = await run([
      node('first', 'set-value', { path: 'profile@traits.touched', value: true }),
      failing({ onError: { policy: 'continue' } }),
      node('handler', 'set-value', { path: 'profile@traits.lastError', value: '{{payload@error.code}}' }),
    ], [edge('start', 'first'), edge('first', 'bad'), edge('bad', 'handler', 'error')]);
    expect(r.status).toBe('ok');
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toEqual(['invalid_value']);
    expect(r.docs.profile!.traits).toMatchObject({ touched: true, lastError: 'invalid_value' });
    expect(trace(r, 'bad')[0].outputs[0]).toMatchObject({ port: 'error', payload: { error: { code: 'invalid_value' }, input: { total: 120 } } });
  });

  it('retry: operational errors are retried with backoff until the call succeeds', async () => {
    behaviour.set('/flaky', { drop: 2, delayMs: 0 });
    const r = await run([
      node('call', 'http-request', { url: `${base}/flaky`, method: 'GET', allowlist: ['127.0.0.1'] }, { onError: { policy: 'retry', retries: 3, backoffMs: 20 } }),
      node('ok', 'set-value', { path: 'profile@traits.called', value: '{{payload@body.path}}' }),
    ], [edge('start', 'call'), edge('call', 'ok', 'response')]);
    expect(r.status).toBe('ok');
    expect(hits.get('/flaky')).toBe(3);
    expect(trace(r, 'call')[0].attempts).toBe(3);
    expect((r.docs.profile!.traits as Record<string, unknown>).called).toBe('/flaky');
  });

  it('retry: gives up after the configured retries and stops the flow', async () => {
    behaviour.set('/down', { drop: 100, delayMs: 0 });
    const r = await run([
      node('call', 'http-request', { url: `${base}/down`, method: 'GET', allowlist: ['127.0.0.1'] }, { onError: { policy: 'retry', retries: 2, backoffMs: 10 } }),
    ], [edge('start', 'call')]);
    expect(r.status).toBe('failed');
    expect(hits.get('/down')).toBe(3);
    expect(r.errors[0].message).toMatch(/after 3 attempts/);
  });

  it('retry never repeats user errors (a bad value will not get better)', async () => {
    const r = await run([failing({ onError: { policy: 'retry', retries: 3, backoffMs: 10 } })], [edge('start', 'bad')]);
    expect(r.status).toBe('failed');
    expect(trace(r, 'bad')[0].attempts).toBe(1);
  });

  it('a patch to a profile-less event fails the node', async () => {
    const r = await run([node('p', 'set-value', { path: 'profile@traits.x', value: 1 })], [edge('start', 'p')], { profile: null });
    expect(r.errors[0].code).toBe('no_profile');
  });
});

describe('timeouts', () => {
  it('a node timeout stops a slow plugin call', async () => {
    behaviour.set('/slow', { drop: 0, delayMs: 3000 });
    const t0 = Date.now();
    const r = await run([
      node('call', 'http-request', { url: `${base}/slow`, method: 'GET', allowlist: ['127.0.0.1'] }, { timeoutMs: 200 }),
    ], [edge('start', 'call')]);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(r.status).toBe('failed');
    expect(r.errors[0]).toMatchObject({ nodeId: 'call', code: 'plugin_timeout' });
  });

  it('the flow budget bounds the whole run: a later node gets only what is left, even if its own timeout is longer', async () => {
    behaviour.set('/quick', { drop: 0, delayMs: 0 });
    behaviour.set('/stuck', { drop: 0, delayMs: 5000 });
    const call = (id: string, path: string, extra: Partial<FlowNode> = {}) => node(id, 'http-request', { url: `${base}${path}`, method: 'GET', allowlist: ['127.0.0.1'] }, extra);
    const t0 = Date.now();
    const r = await run([call('one', '/quick'), call('two', '/stuck', { timeoutMs: 10_000 }), call('three', '/quick')],
      [edge('start', 'one'), edge('one', 'two', 'response'), edge('two', 'three', 'response')], {}, 600);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.status).toBe('failed');
    expect(trace(r, 'one')[0].status).toBe('ok');
    expect(r.errors[0]).toMatchObject({ nodeId: 'two', code: 'plugin_timeout' });
    expect(r.nodes.find((n) => n.id === 'three')).toBeUndefined();
  });
});
