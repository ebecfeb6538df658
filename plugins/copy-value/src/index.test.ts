import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: {}, pii: {} }, event: { id: 'e1', type: 'signup', properties: { email: 'a@b.co', tags: ['x'] } }, session: {} };

describe('copy-value plugin in the sandbox', () => {
  it('copies an event property into profile PII', async () => {
    const r = await h.run({ dir, ...world, config: { from: 'event@properties.email', to: 'profile@pii.email' } });
    expect(r.patches).toEqual([{ target: 'profile', op: 'set', path: 'pii.email', value: 'a@b.co' }]);
  });
  it('copies into the payload', async () => {
    const r = await h.run({ dir, ...world, config: { from: 'event@properties.tags', to: 'payload@copied' }, input: { payload: { n: 1 } } });
    expect(r.results[0].payload).toEqual({ n: 1, copied: ['x'] });
  });
  it('warns and changes nothing when the source is missing', async () => {
    const r = await h.run({ dir, ...world, config: { from: 'event@properties.nope', to: 'profile@traits.x' } });
    expect(r.patches).toEqual([]);
    expect(r.logs.map((l) => l.level)).toEqual(['warn']);
  });
});
