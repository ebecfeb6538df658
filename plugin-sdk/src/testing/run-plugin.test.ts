import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createHarness, runPlugin } from './index.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-harness-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writePlugin(source: string): void {
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'harness-fixture', version: '1.2.3',
    tessera: { apiVersion: '1', kind: 'action', title: 'Fixture', entry: 'dist/plugin.js', permissions: { profile: 'write', kv: 'profile' }, outputs: ['payload', 'vip'] },
  }));
  writeFileSync(path.join(dir, 'src/index.ts'), source);
}

describe('test harness', () => {
  it('runs an unbuilt plugin folder by bundling it like build does', async () => {
    writePlugin(`import { definePlugin } from '@tessera/plugin-sdk';
export default definePlugin({
  async run(input, ctx) {
    const visits = ((await ctx.kv.get<number>('visits')) ?? 0) + 1;
    await ctx.kv.set('visits', visits);
    if (visits > 1) ctx.update.profile.append('segments', 'returning');
    return { port: visits > 2 ? 'vip' : 'payload', payload: { visits, name: ctx.profile.traits.name } };
  },
});`);
    const harness = createHarness();
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await harness.run({ dir, profile: { id: 'p1', traits: { name: 'Ada' } } }));
    await harness.close();
    expect(runs.map((r) => r.results)).toEqual([
      [{ port: 'payload', payload: { visits: 1, name: 'Ada' } }],
      [{ port: 'payload', payload: { visits: 2, name: 'Ada' } }],
      [{ port: 'vip', payload: { visits: 3, name: 'Ada' } }],
    ]);
    expect(runs[1].patches).toEqual([{ target: 'profile', op: 'append', path: 'segments', value: 'returning' }]);
    expect(await harness.kv.get('harness-fixture|profile:p1', 'visits')).toBe(3);
  });

  it('reports plugin errors the way the host does', async () => {
    writePlugin(`import { definePlugin } from '@tessera/plugin-sdk';
export default definePlugin({ run() { throw new TypeError('bad input'); } });`);
    const r = await runPlugin({ dir, profile: { id: 'p1' } });
    expect(r.error).toEqual({ code: 'plugin_error', message: 'TypeError: bad input', kind: 'user' });
  });

  it('accepts a manifest and code directly', async () => {
    const r = await runPlugin({
      manifest: { apiVersion: '1', kind: 'action', title: 'x', entry: 'x.js' },
      code: "var __tesseraPlugin = { default: { tessera: 'plugin', kind: 'action', run: (i) => ({ port: 'payload', payload: i.payload.a + 1 }) } };",
      input: { payload: { a: 41 } },
    });
    expect(r.results).toEqual([{ port: 'payload', payload: 42 }]);
  });
});
