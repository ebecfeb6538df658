import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';
import { applyPatches } from '@tessera/plugin-sdk';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const profile = { id: 'p1', traits: { points: 10, tags: ['a'] }, pii: {} };
const world = { profile, event: { id: 'e1', type: 'purchase', properties: { points: 5, email: 'ann@example.com' } }, session: {} };

describe('update-profile plugin in the sandbox', () => {
  it('sets, appends and increments traits and PII', async () => {
    const r = await h.run({ dir, ...world, config: { operations: [
      { field: 'pii.email', op: 'set', value: '{{event@properties.email}}' },
      { field: 'traits.tags', op: 'append', value: 'buyer' },
      { field: 'traits.points', op: 'increment', value: '{{event@properties.points}}' },
      { field: 'traits.orders', op: 'increment' },
    ] } });
    expect(r.error).toBeUndefined();
    const after = applyPatches({ profile }, r.patches).profile as typeof profile & { traits: Record<string, unknown> };
    expect(after.pii).toEqual({ email: 'ann@example.com' });
    expect(after.traits).toEqual({ points: 15, tags: ['a', 'buyer'], orders: 1 });
  });
  it('rejects fields outside traits and pii through the schema', async () => {
    const r = await h.run({ dir, ...world, config: { operations: [{ field: 'segments', op: 'set', value: [] }] } });
    expect(r.error?.code).toBe('invalid_config');
  });
  it('fails on a non-numeric increment', async () => {
    const r = await h.run({ dir, ...world, config: { operations: [{ field: 'traits.points', op: 'increment', value: 'lots' }] } });
    expect(r.error?.code).toBe('invalid_value');
  });
});
