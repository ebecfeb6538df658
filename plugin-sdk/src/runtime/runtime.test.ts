import { afterAll, describe, expect, it } from 'vitest';
import { createRuntime } from './runtime.ts';
import { createMemoryKvStore } from './kv-memory.ts';
import { inlinePlugin } from '../testing/inline-plugin.ts';
import type { SandboxCall } from './types.ts';

const kv = createMemoryKvStore();
const rt = createRuntime({ kv, maxTimeoutMs: 2000 });
afterAll(() => rt.close());

const call = (plugin: SandboxCall['plugin'], extra: Partial<SandboxCall> = {}): SandboxCall => ({
  plugin, config: {}, input: { port: 'payload', payload: { n: 1 } }, ...extra,
});

describe('runtime: results, config, logs, patches', () => {
  it('runs a sync plugin with config defaults, logs and patches', async () => {
    const p = inlinePlugin(function run(input: any, ctx: any) {
      ctx.log.info('got', input.payload.n);
      console.warn('from console');
      ctx.update.profile.increment('traits.visits');
      ctx.update.event.set('properties.seen', true);
      return [{ port: 'yes', payload: { n: input.payload.n * ctx.config.factor } }, { port: 'no', payload: null }];
    }, {
      outputs: ['yes', 'no'], permissions: { profile: 'write', event: 'write' },
      config: { type: 'object', properties: { factor: { type: 'number', default: 7 } } },
    });
    const r = await rt.run(call(p));
    expect(r.error).toBeUndefined();
    expect(r.results).toEqual([{ port: 'yes', payload: { n: 7 } }, { port: 'no', payload: null }]);
    expect(r.patches).toEqual([
      { target: 'profile', op: 'increment', path: 'traits.visits' },
      { target: 'event', op: 'set', path: 'properties.seen', value: true },
    ]);
    expect(r.logs.map((l) => [l.level, l.message])).toEqual([['info', 'got 1'], ['warn', 'from console']]);
    expect(r.cpuMs).toBeGreaterThan(0);
    expect(r.durationMs).toBeGreaterThanOrEqual(r.cpuMs * 0.5);
  });

  it('returning nothing ends the branch', async () => {
    const r = await rt.run(call(inlinePlugin(function run() {})));
    expect(r).toMatchObject({ results: [], patches: [] });
    expect(r.error).toBeUndefined();
  });

  it('refuses a result on an undeclared port, bad input port and bad config', async () => {
    const p = inlinePlugin(function run() { return { port: 'elsewhere', payload: 1 }; }, { config: { type: 'object', required: ['url'], properties: { url: { type: 'string' } } } });
    expect((await rt.run(call(p, { config: { url: 'x' } }))).error).toMatchObject({ code: 'plugin_bad_result', kind: 'user' });
    expect((await rt.run(call(p, { config: { url: 'x' }, input: { port: 'nope', payload: 1 } }))).error?.code).toBe('invalid_input');
    const bad = await rt.run(call(p, { config: {} }));
    expect(bad.error).toMatchObject({ code: 'invalid_config', details: { errors: [{ path: 'url', message: 'is required' }] } });
  });

  it('refuses an invalid manifest and an unsupported apiVersion with field paths', async () => {
    const bad = inlinePlugin(function run() {}, { permissions: { profile: 'root' } }, 'bad-manifest');
    expect((await rt.run(call(bad))).error).toMatchObject({ code: 'invalid_manifest', details: { errors: [{ path: 'permissions.profile' }] } });
    const future = inlinePlugin(function run() {}, { apiVersion: '7' }, 'future');
    expect((await rt.run(call(future))).error?.code).toBe('unsupported_api_version');
  });

  it('refuses a bundle whose kind differs from the manifest', async () => {
    const p = inlinePlugin(function run() {}, { kind: 'destination' }, 'kind-mismatch');
    p.code = p.code.replace("kind: \"destination\"", "kind: 'action'");
    expect((await rt.run(call(p))).error?.code).toBe('plugin_invalid');
  });
});

describe('runtime: read views and capabilities', () => {
  const profile = { id: 'p-1', traits: { name: 'Ada' }, pii: { email: 'ada@example.com' }, consents: { marketing: { revoke: null }, ads: { revoke: '2000-01-01T00:00:00Z' } } };

  it('hides PII unless permitted, answers consent for declared purposes, passes declared resources only', async () => {
    const p = inlinePlugin(function run(_i: any, ctx: any) {
      return { port: 'payload', payload: { profile: ctx.profile, marketing: ctx.consent.granted('marketing'), ads: ctx.consent.granted('ads'), token: ctx.resources.crm.token } };
    }, { permissions: { profile: 'read', consent: ['marketing', 'ads'], resources: ['crm'] } });
    const r = await rt.run(call(p, { profile, resources: { crm: { token: 't-1' }, billing: { token: 'secret' } } }));
    expect(r.error).toBeUndefined();
    const out = r.results[0].payload as Record<string, any>;
    expect(out.profile.pii).toBeUndefined();
    expect(out.profile.traits).toEqual({ name: 'Ada' });
    expect(out).toMatchObject({ marketing: true, ads: false, token: 't-1' });

    const withPii = inlinePlugin(function run(_i: any, ctx: any) { return { port: 'payload', payload: ctx.profile.pii }; }, { permissions: { profile: 'read', pii: true } }, 'pii-ok');
    expect((await rt.run(call(withPii, { profile }))).results[0].payload).toEqual({ email: 'ada@example.com' });
  });

  it('keeps kv per plugin across calls, and per profile when declared', async () => {
    const counter = (name: string, scope: string) => inlinePlugin(async function run(_i: any, ctx: any) {
      const n = ((await ctx.kv.get('count')) ?? 0) + 1;
      await ctx.kv.set('count', n);
      return { port: 'payload', payload: n };
    }, { permissions: { kv: scope } }, name);
    const plugin = counter('counter', 'plugin');
    const perProfile = counter('counter-pp', 'profile');
    const seq = [];
    for (const id of ['a', 'b', 'a']) {
      seq.push((await rt.run(call(plugin, { profile: { id } }))).results[0].payload);
      seq.push((await rt.run(call(perProfile, { profile: { id } }))).results[0].payload);
    }
    expect(seq).toEqual([1, 1, 2, 1, 3, 2]);
    expect(kv.dump()).toMatchObject({ counter: { count: 3 }, 'counter-pp|profile:a': { count: 2 }, 'counter-pp|profile:b': { count: 1 } });
    expect((await rt.run(call(perProfile))).error?.code).toBe('kv_no_profile');
  });

  it('lets plugins assign toString/name on their own objects despite frozen built-ins', async () => {
    const p = inlinePlugin(function run() {
      class MyError extends Error { constructor(m: string) { super(m); this.name = 'MyError'; } }
      const o: any = {};
      o.toString = () => 'custom';
      return { port: 'payload', payload: [new MyError('x').name, String(o), String(new MyError('y'))] };
    });
    expect((await rt.run(call(p))).results[0].payload).toEqual(['MyError', 'custom', 'MyError: y']);
  });
});

describe('runtime: limits and pool', () => {
  it('caps the manifest timeout with the host maximum and rebuilds the isolate', async () => {
    const small = createRuntime({ maxTimeoutMs: 50 });
    const loop = inlinePlugin(function run() { for (;;) { /* spin */ } }, { limits: { timeoutMs: 60000 } });
    const t = performance.now();
    const r = await small.run(call(loop));
    expect(r.error).toMatchObject({ code: 'plugin_timeout', kind: 'user' });
    expect(performance.now() - t).toBeLessThan(3000);
    expect(small.stats().rebuilt).toBe(1);
    const ok = inlinePlugin(function run() { return { port: 'payload', payload: 'fine' }; }, {}, 'after-timeout');
    expect((await small.run(call(ok))).results).toEqual([{ port: 'payload', payload: 'fine' }]);
    await small.close();
    expect((await small.run(call(ok))).error?.code).toBe('sandbox_closed');
  });

  it('serialises concurrent async calls on a one-isolate pool and keeps results apart', async () => {
    const one = createRuntime({ isolatesPerPlugin: 1 });
    const p = inlinePlugin(async function run(input: any, ctx: any) {
      await ctx.kv.set('k' + input.payload, input.payload);
      return { port: 'payload', payload: (await ctx.kv.get('k' + input.payload)) * 10 };
    }, { permissions: { kv: 'plugin' } });
    const rs = await Promise.all([1, 2, 3, 4].map((n) => one.run(call(p, { input: { port: 'payload', payload: n } }))));
    expect(rs.map((r) => r.results[0]?.payload)).toEqual([10, 20, 30, 40]);
    expect(one.stats()).toMatchObject({ plugins: 1, isolates: 1 });
    await one.close();
  });

  it('replaces pooled isolates when the code of a plugin@version changes', async () => {
    const v1 = inlinePlugin(function run() { return { port: 'payload', payload: 'v1' }; }, {}, 'swap');
    const v2 = inlinePlugin(function run() { return { port: 'payload', payload: 'v2' }; }, {}, 'swap');
    expect((await rt.run(call(v1))).results[0].payload).toBe('v1');
    expect((await rt.run(call(v2))).results[0].payload).toBe('v2');
  });

  it('runs demoted plugins off-thread with the same results, async host operations included', async () => {
    // A zero budget: any measurable CPU demotes, and the loop makes the first call measurable.
    const offThread = createRuntime({ syncBudgetMs: 0 });
    const p = inlinePlugin(async function run(input: any, ctx: any) {
      let x = 0;
      for (let i = 0; i < 1e6; i++) x = (x + i) % 7;
      const n = ((await ctx.kv.get('n')) ?? 0) + input.payload + x * 0;
      await ctx.kv.set('n', n);
      ctx.log.info('n is', n);
      return { port: 'payload', payload: n };
    }, { permissions: { kv: 'plugin' } });
    const out = [];
    for (const n of [1, 2, 3]) out.push(await offThread.run(call(p, { input: { port: 'payload', payload: n } })));
    expect(out.map((r) => r.results[0].payload)).toEqual([1, 3, 6]);
    expect(out[2].logs[0].message).toBe('n is 6');
    expect(offThread.stats().offThread).toBe(1);
    await offThread.close();
  });

  it('moves a plugin off-thread after three calls over the sync budget, not after one', async () => {
    // About 7 ms of CPU per call (2 million loop turns): over a 2 ms budget, far under the 50 ms that demotes at once.
    const budget = createRuntime({ syncBudgetMs: 2, maxTimeoutMs: 20000 });
    const spin = inlinePlugin(function run() { let x = 0; for (let i = 0; i < 2e6; i++) x = (x + i * 7) % 1000003; return { port: 'payload', payload: x }; }, { limits: { timeoutMs: 20000 } });
    const offThreadAfter = [];
    for (let i = 0; i < 3; i++) {
      expect((await budget.run(call(spin))).error).toBeUndefined();
      offThreadAfter.push(budget.stats().offThread);
    }
    expect(offThreadAfter).toEqual([0, 0, 1]);
    await budget.close();
  });

  it('drops least recently used pools beyond maxIsolates', async () => {
    const capped = createRuntime({ maxIsolates: 2 });
    for (const name of ['a', 'b', 'c', 'd']) {
      expect((await capped.run(call(inlinePlugin(function run() {}, {}, name)))).error).toBeUndefined();
    }
    expect(capped.stats().isolates).toBeLessThanOrEqual(2);
    await capped.close();
  });
});
