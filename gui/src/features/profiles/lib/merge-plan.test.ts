import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../api/index.ts';
import { mergeConsequences, mergeProblems, parseIds, profileLabel } from './merge-plan.ts';
import { blankSchedule, scheduleBody, scheduleProblems } from './schedule-draft.ts';

const profile = (id: string, extra: Partial<Profile> = {}) =>
  ({ id, ids: [id], traits: {}, pii: {}, segments: [], consents: {}, stats: { events: 2, visits: 1 }, ...extra }) as unknown as Profile;

describe('merge plan', () => {
  it('splits typed ids and drops repeats', () => {
    expect(parseIds(' a, b\nc  a ')).toEqual(['a', 'b', 'c']);
  });
  it('refuses unknown ids, the survivor itself and one profile twice', () => {
    const me = profile('me');
    const other = profile('p2', { ids: ['p2', 'alias'] });
    expect(mergeProblems(me, [{ input: 'x', profile: null }, { input: 'me', profile: me }, { input: 'p2', profile: other }, { input: 'alias', profile: other }]))
      .toEqual(['No profile has the id x', 'me is this profile already', 'alias is an id of a profile listed already']);
    expect(mergeProblems(me, [])).toHaveLength(1);
    expect(mergeProblems(me, [{ input: 'p2', profile: other }])).toEqual([]);
  });
  it('says what happens to each merged profile and to the survivor', () => {
    const lines = mergeConsequences(profile('me'), [profile('p2', { ids: ['p2', 'x'], pii: { email: 'b@example.com' } })]);
    expect(lines[0]).toMatch(/^b@example\.com \(p2\) is marked merged into this profile; its 2 ids/);
    expect(lines[1]).toMatch(/2 \+ 2 events/);
    expect(lines.at(-1)).toMatch(/cannot be undone/);
    expect(profileLabel(profile('abc'))).toBe('abc');
  });
});

describe('schedule draft', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('sends a delay in seconds, or a time in ISO', () => {
    expect(scheduleBody({ ...blankSchedule(), eventType: ' reminder ', delay: 2, unit: 60 }, 'p1')).toEqual({ eventType: 'reminder', profileId: 'p1', delaySeconds: 120 });
    const at = scheduleBody({ ...blankSchedule(), eventType: 'r', when: 'at', at: now + 1000, sessionId: 's1', properties: '{"a":1}' }, 'p1');
    expect(at).toEqual({ eventType: 'r', profileId: 'p1', at: '2026-01-01T00:00:01.000Z', sessionId: 's1', properties: { a: 1 } });
  });
  it('names each problem at its API field', () => {
    expect(Object.keys(scheduleProblems({ ...blankSchedule(), delay: 0, properties: '[1]' }, now)).sort()).toEqual(['delaySeconds', 'eventType', 'properties']);
    expect(scheduleProblems({ ...blankSchedule(), eventType: 'r', when: 'at', at: now - 1 }, now)).toEqual({ at: 'Pick a time in the future' });
    expect(scheduleProblems({ ...blankSchedule(), eventType: 'r', properties: '{' }, now).properties).toBe('Not valid JSON');
  });
});
