import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: { visits: 4 }, pii: { name: 'Ann' } }, event: { id: 'e1', type: 'view', properties: {} }, session: {} };

describe('template plugin in the sandbox', () => {
  it('renders into the default field, keeping the payload', async () => {
    const r = await h.run({ dir, ...world, config: { template: 'Hello {{profile@pii.name}}, visit #{{profile@traits.visits}}' }, input: { payload: { x: 1 } } });
    expect(r.results).toEqual([{ port: 'payload', payload: { x: 1, text: 'Hello Ann, visit #4' } }]);
  });
  it('writes text into a chosen field, even for a one-hole template', async () => {
    const r = await h.run({ dir, ...world, config: { template: '{{profile@traits.visits}}', field: 'n' } });
    expect(r.results[0].payload).toEqual({ n: '4' });
  });
  it('reports an unclosed hole with its column', async () => {
    const r = await h.run({ dir, ...world, config: { template: 'Hi {{profile@pii.name' } });
    expect(r.error?.message).toMatch(/never closed.*column 4/);
  });
});
