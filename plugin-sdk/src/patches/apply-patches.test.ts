import { describe, expect, it } from 'vitest';
import { applyPatches, PatchError } from './apply-patches.ts';
import type { PatchOp } from './patch.types.ts';

const docs = () => ({
  profile: { id: 'p1', traits: { visits: 2, tier: 'silver' }, segments: ['new'], pii: { email: 'a@b.c' } },
  session: { id: 's1' },
  event: { type: 'purchase', properties: { total: 10 } },
});

describe('applyPatches', () => {
  it('applies set, unset, append, remove and increment in order', () => {
    const before = docs();
    const patches: PatchOp[] = [
      { target: 'profile', op: 'set', path: 'traits.tier', value: 'gold' },
      { target: 'profile', op: 'set', path: 'consents.marketing', value: { revoke: null } },
      { target: 'profile', op: 'unset', path: 'pii.email' },
      { target: 'profile', op: 'append', path: 'segments', value: 'vip' },
      { target: 'profile', op: 'append', path: 'segments', value: 'vip' },
      { target: 'profile', op: 'remove', path: 'segments', value: 'new' },
      { target: 'profile', op: 'increment', path: 'traits.visits' },
      { target: 'profile', op: 'increment', path: 'traits.spent', value: 12.5 },
      { target: 'event', op: 'set', path: 'properties.currency', value: 'EUR' },
    ];
    const after = applyPatches(before, patches);
    expect(after.profile).toEqual({
      id: 'p1', traits: { visits: 3, tier: 'gold', spent: 12.5 }, segments: ['vip'], pii: {}, consents: { marketing: { revoke: null } },
    });
    expect(after.event.properties).toEqual({ total: 10, currency: 'EUR' });
    expect(before).toEqual(docs());
    expect(after.session).toBe(before.session);
    expect(after.profile).not.toBe(before.profile);
  });

  it('appends to a missing path and wraps a scalar into a list', () => {
    const after = applyPatches({ profile: { tags: 'a' } }, [
      { target: 'profile', op: 'append', path: 'tags', value: 'b' },
      { target: 'profile', op: 'append', path: 'interests.topics', value: { name: 'x' } },
      { target: 'profile', op: 'append', path: 'interests.topics', value: { name: 'x' } },
    ]);
    expect(after.profile).toEqual({ tags: ['a', 'b'], interests: { topics: [{ name: 'x' }] } });
  });

  it('creates a missing document', () => {
    expect(applyPatches({}, [{ target: 'session', op: 'set', path: 'context.x', value: 1 }])).toEqual({ session: { context: { x: 1 } } });
  });

  it('is all or nothing: a bad patch throws with its index and nothing is returned', () => {
    const before = docs();
    const attempt = () => applyPatches(before, [
      { target: 'profile', op: 'set', path: 'traits.ok', value: 1 },
      { target: 'profile', op: 'increment', path: 'traits.tier' },
    ]);
    expect(attempt).toThrow(PatchError);
    expect(attempt).toThrow('patch #1: "traits.tier" is not a number');
    expect(before).toEqual(docs());
  });

  it.each([
    [{ target: 'profile', op: 'set', path: '__proto__.polluted', value: 1 }, 'path segment "__proto__" is not allowed'],
    [{ target: 'profile', op: 'set', path: 'constructor.prototype.x', value: 1 }, 'not allowed'],
    [{ target: 'account', op: 'set', path: 'x', value: 1 }, 'target must be one of'],
    [{ target: 'profile', op: 'merge', path: 'x', value: 1 }, 'op must be one of'],
    [{ target: 'profile', op: 'set', path: '', value: 1 }, 'non-empty'],
    [{ target: 'profile', op: 'set', path: 'a..b', value: 1 }, 'invalid'],
    [{ target: 'profile', op: 'set', path: 'x' }, 'set needs a value'],
    [{ target: 'profile', op: 'increment', path: 'x', value: '2' }, 'finite number'],
  ])('rejects %j', (patch, message) => {
    expect(() => applyPatches(docs(), [patch as PatchOp])).toThrow(message);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses to walk through a non-object', () => {
    expect(() => applyPatches(docs(), [{ target: 'profile', op: 'set', path: 'traits.tier.level', value: 1 }])).toThrow('"tier" is not an object');
  });
});
