import { describe, expect, it } from 'vitest';
import type { Profile } from '../storage/index.ts';
import { applySegments, compileSegmentCondition, type CompiledSegment } from './internal/compile.ts';

function profile(over: Partial<Profile> = {}): Profile {
  return {
    id: 'p', ids: ['p'], createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', traits: { plan: 'pro' }, pii: {},
    consents: {}, segments: [], stats: { visits: 1, events: 5 }, mergedInto: null, lastSessionId: null, lastVisitAt: null, version: 1, ...over,
  };
}

const seg = (name: string, condition: string): CompiledSegment => ({ id: name, name, expr: compileSegmentCondition(condition) });

describe('segment evaluation', () => {
  it('adds the names of met segments, removes those no longer met, and leaves names it does not own alone', () => {
    const list = [seg('pro', "profile@traits.plan == 'pro'"), seg('busy', 'profile@stats.events > 10')];
    expect(applySegments(profile({ segments: ['from-a-flow', 'busy'] }), list)).toEqual(['from-a-flow', 'pro']);
    expect(applySegments(profile({ segments: ['pro'] }), list)).toBeNull();
    expect(applySegments(profile({ segments: ['pro', 'old-name'] }), list, ['old-name'])).toEqual(['pro']);
  });

  it('accepts profile paths only, naming the column of the first other one', () => {
    expect(() => compileSegmentCondition('profile@traits.plan EXISTS AND session@context.x == 1')).toThrow(expect.objectContaining({ code: 'invalid_condition', status: 422, details: expect.objectContaining({ column: 32 }) }));
    expect(() => compileSegmentCondition("profile@traits.plan == 'pro' AND")).toThrow(expect.objectContaining({ code: 'invalid_condition', details: expect.objectContaining({ field: 'condition' }) }));
    expect(compileSegmentCondition('profile@segments CONTAINS "vip" OR NOT profile@pii.email EXISTS')).toBeTruthy();
  });
});
