import { describe, expect, it } from 'vitest';
import { lockKeys } from './run.ts';
import { assertStageList, STAGES } from './stages.ts';
import { deepMerge } from './stages/entities.ts';
import { normaliseEventType, normaliseId, uuidv7 } from './stages/ids.ts';
import { passThrough } from './types.ts';

describe('pipeline rules', () => {
  it('normalises event types and ids the way Tracardi does', () => {
    expect(normaliseEventType('  Product  Added To\tBasket ')).toBe('product-added-to-basket');
    expect(normaliseId('  ABC-Def ')).toBe('abc-def');
  });

  it('generates time-ordered, unique version-7 UUIDs', () => {
    const ids = Array.from({ length: 5000 }, uuidv7);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(parseInt(ids[0]!.replace(/-/g, '').slice(0, 12), 16)).toBeLessThanOrEqual(Date.now());
  });

  it('merges session context deeply without letting a payload reach Object.prototype', () => {
    const merged = deepMerge({ a: { x: 1 }, list: [1] }, JSON.parse('{"a":{"y":2},"list":[2],"__proto__":{"polluted":true}}'));
    expect(merged).toEqual({ a: { x: 1, y: 2 }, list: [2] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('locks the session before the profile, so two requests never wait on each other in opposite orders', () => {
    expect(lockKeys({ sessionId: 's1', profileId: 'p1' })).toEqual(['track:session:s1', 'track:profile:p1']);
    expect(lockKeys({ sessionId: null, profileId: null })).toEqual([]);
  });

  it('the stage list is valid, and a broken one fails at start-up', () => {
    expect(() => assertStageList()).not.toThrow();
    expect(STAGES.map((s) => s.name).slice(0, 3)).toEqual(['source-validation', 'payload-validation', 'profile-session-resolution']);
    expect(() => assertStageList([passThrough('a'), passThrough('a')])).toThrow(/listed twice/);
    expect(() => assertStageList([passThrough('a', { locked: true }), passThrough('b'), passThrough('c', { locked: true })])).toThrow(/contiguous/);
  });
});
