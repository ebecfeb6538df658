import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: { plan: 'free' }, pii: { name: 'Ann' } }, event: { id: 'e1', type: 'x', properties: { total: 9 } }, session: {} };

describe('set-value plugin in the sandbox', () => {
  it('sets a templated value in the payload without touching the input', async () => {
    const r = await h.run({ dir, ...world, config: { path: 'payload@greeting.text', value: 'Hi {{profile@pii.name}}' }, input: { payload: { keep: true } } });
    expect(r.results).toEqual([{ port: 'payload', payload: { keep: true, greeting: { text: 'Hi Ann' } } }]);
    expect(r.patches).toEqual([]);
  });
  it('patches profile traits and event properties, keeping the value type', async () => {
    const t = await h.run({ dir, ...world, config: { path: 'profile@traits.lastTotal', value: '{{event@properties.total}}' } });
    expect(t.patches).toEqual([{ target: 'profile', op: 'set', path: 'traits.lastTotal', value: 9 }]);
    const e = await h.run({ dir, ...world, config: { path: 'event@properties.flag', value: true } });
    expect(e.patches).toEqual([{ target: 'event', op: 'set', path: 'properties.flag', value: true }]);
  });
  it('refuses system fields', async () => {
    const r = await h.run({ dir, ...world, config: { path: 'profile@id', value: 'x' } });
    expect(r.error?.code).toBe('condition_syntax');
    expect(r.error?.message).toMatch(/only profile@traits/);
    expect(r.patches).toEqual([]);
  });
});
