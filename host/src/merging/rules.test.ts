import { describe, expect, it } from 'vitest';
import type { Profile } from '../storage/index.ts';
import { chooseSurvivor, combineProfiles, markMerged } from './rules.ts';

function profile(id: string, createdAt: string, over: Partial<Profile> = {}): Profile {
  return {
    id, ids: [id], createdAt, updatedAt: createdAt, traits: {}, pii: {}, consents: {}, segments: [],
    stats: { visits: 1, events: 1 }, mergedInto: null, lastSessionId: null, lastVisitAt: null, version: 1, ...over,
  };
}

const NOW = '2026-11-28T12:00:00.000Z';

describe('merge rules', () => {
  it('keeps the oldest profile, ties broken by id, whatever the input order', () => {
    const a = profile('b', '2026-01-01T00:00:00Z');
    const b = profile('a', '2026-01-01T00:00:00Z');
    const c = profile('0', '2026-02-01T00:00:00Z');
    expect(chooseSurvivor([c, a, b]).id).toBe('a');
    expect(chooseSurvivor([a, c, b]).id).toBe('a');
    expect(combineProfiles([c, a, b], NOW).profile.id).toBe('a');
  });

  it('lets the survivor win conflicts, fills what it lacks, unites lists and records the dropped fields', () => {
    const old = profile('old', '2026-01-01T00:00:00Z', {
      traits: { plan: 'pro', address: { town: 'Oslo' }, tags: ['a', 'b'], empty: null },
      pii: { email: 'ann@example.com' },
    });
    const young = profile('young', '2026-03-01T00:00:00Z', {
      traits: { plan: 'free', address: { town: 'Bergen', street: 'Main 1' }, tags: ['b', 'c'], empty: 'now set', points: 10 },
      pii: { email: 'ann@example.com', firstname: 'Ann' },
    });
    const { profile: merged, conflicts } = combineProfiles([young, old], NOW);
    expect(merged.traits).toEqual({ plan: 'pro', address: { town: 'Oslo', street: 'Main 1' }, tags: ['a', 'b', 'c'], empty: 'now set', points: 10 });
    expect(merged.pii).toEqual({ email: 'ann@example.com', firstname: 'Ann' });
    expect(conflicts).toEqual([{ field: 'traits.plan', droppedFrom: 'young' }, { field: 'traits.address.town', droppedFrom: 'young' }]);
  });

  it('unites ids and segments, sums stats, keeps the latest consent and visit', () => {
    const old = profile('old', '2026-01-01T00:00:00Z', {
      ids: ['old', '@idp:pii.email:x'], segments: ['vip'], stats: { visits: 3, events: 10 }, version: 7,
      consents: { marketing: { granted: true, at: '2026-01-05T00:00:00Z' }, analytics: { granted: true, at: '2026-06-01T00:00:00Z' } },
      lastVisitAt: '2026-02-01T00:00:00Z', lastSessionId: 's-old',
    });
    const young = profile('young', '2026-03-01T00:00:00Z', {
      ids: ['young', 'merged-earlier', '@idp:pii.email:x'], segments: ['vip', 'new'], stats: { visits: 2, events: 5 }, version: 2,
      consents: { marketing: { granted: false, at: '2026-04-01T00:00:00Z' }, analytics: { granted: false, at: '2026-05-01T00:00:00Z' } },
      lastVisitAt: '2026-05-01T00:00:00Z', lastSessionId: 's-young',
    });
    const { profile: merged } = combineProfiles([old, young], NOW);
    expect(merged.ids).toEqual(['old', '@idp:pii.email:x', 'young', 'merged-earlier']);
    expect(merged.segments).toEqual(['vip', 'new']);
    expect(merged.stats).toEqual({ visits: 5, events: 15 });
    expect(merged.consents.marketing).toEqual({ granted: false, at: '2026-04-01T00:00:00Z' });
    expect(merged.consents.analytics).toEqual({ granted: true, at: '2026-06-01T00:00:00Z' });
    expect(merged).toMatchObject({ createdAt: '2026-01-01T00:00:00Z', updatedAt: NOW, lastVisitAt: '2026-05-01T00:00:00Z', lastSessionId: 's-young', version: 8, mergedInto: null });
  });

  it('lets an administrator choose the survivor; the others still follow oldest first', () => {
    const a = profile('a', '2026-01-01T00:00:00Z', { traits: { plan: 'a' } });
    const b = profile('b', '2026-02-01T00:00:00Z', { traits: { plan: 'b', colour: 'red' } });
    const c = profile('c', '2026-03-01T00:00:00Z', { traits: { plan: 'c', colour: 'blue' } });
    const { profile: merged } = combineProfiles([a, b, c], NOW, 'c');
    expect(merged.id).toBe('c');
    expect(merged.traits).toEqual({ plan: 'c', colour: 'blue' });
    expect(merged.ids).toEqual(['c', 'a', 'b']);
  });

  it('never lets merged data reach Object.prototype and does not share nested objects with the inputs', () => {
    const a = profile('a', '2026-01-01T00:00:00Z', { traits: { nested: { x: 1 } } });
    const b = profile('b', '2026-02-01T00:00:00Z', { traits: JSON.parse('{"__proto__":{"polluted":true},"other":{"y":2}}') });
    const { profile: merged } = combineProfiles([a, b], NOW);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    (merged.traits.other as Record<string, unknown>).y = 3;
    expect((b.traits.other as Record<string, unknown>).y).toBe(2);
  });

  it('marks a merged-away profile with its survivor', () => {
    expect(markMerged(profile('b', '2026-02-01T00:00:00Z'), 'a', NOW)).toMatchObject({ id: 'b', mergedInto: 'a', updatedAt: NOW, version: 2 });
  });
});
