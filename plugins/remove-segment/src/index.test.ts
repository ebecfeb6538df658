import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: { plan: 'pro' }, pii: {}, segments: ['old'] }, event: { id: 'e1', type: 'x', properties: {} }, session: {} };

describe('remove-segment plugin in the sandbox', () => {
  it('patches the profile segments with a templated name', async () => {
    const r = await h.run({ dir, ...world, config: { segment: 'plan-{{profile@traits.plan}}' } });
    expect(r.patches).toEqual([{ target: 'profile', op: 'remove', path: 'segments', value: 'plan-pro' }]);
  });
  it('fails when the name renders empty', async () => {
    const r = await h.run({ dir, ...world, config: { segment: '{{profile@traits.none}}' } });
    expect(r.error?.code).toBe('invalid_value');
    expect(r.patches).toEqual([]);
  });
});
