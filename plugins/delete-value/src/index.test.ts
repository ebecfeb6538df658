import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: { old: 1 }, pii: {} }, event: { id: 'e1', type: 'x', properties: { secret: 's' } }, session: {} };

describe('delete-value plugin in the sandbox', () => {
  it('unsets profile traits and event properties', async () => {
    expect((await h.run({ dir, ...world, config: { path: 'profile@traits.old' } })).patches).toEqual([{ target: 'profile', op: 'unset', path: 'traits.old' }]);
    expect((await h.run({ dir, ...world, config: { path: 'event@properties.secret' } })).patches).toEqual([{ target: 'event', op: 'unset', path: 'properties.secret' }]);
  });
  it('removes a payload field', async () => {
    const r = await h.run({ dir, ...world, config: { path: 'payload@a.b' }, input: { payload: { a: { b: 1, c: 2 } } } });
    expect(r.results[0].payload).toEqual({ a: { c: 2 } });
  });
});
