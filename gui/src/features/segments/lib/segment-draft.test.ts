import { describe, expect, it } from 'vitest';
import { blankSegment, caretLines, conditionColumn, memberCountLabel, membersLink, segmentBody, segmentDraft, segmentProblems } from './segment-draft.ts';

describe('segment draft', () => {
  it('sends trimmed values and leaves an empty description out', () => {
    expect(segmentBody({ name: ' Pro ', description: '  ', condition: ' profile@traits.plan == "pro" ', enabled: false }))
      .toEqual({ name: 'Pro', condition: 'profile@traits.plan == "pro"', enabled: false });
    expect(segmentBody({ ...blankSegment(), name: 'a', condition: 'c', description: ' why ' }).description).toBe('why');
  });

  it('names each missing field before asking the API', () => {
    expect(Object.keys(segmentProblems(blankSegment()))).toEqual(['name', 'condition']);
    expect(segmentProblems({ ...blankSegment(), name: 'x', condition: 'profile@a EXISTS' })).toEqual({});
  });

  it('edits a stored segment without its id and timestamps', () => {
    const d = segmentDraft({ id: 's1', name: 'VIP', description: '', condition: 'c', enabled: true, createdAt: 't', updatedAt: 't' });
    expect(d).toEqual({ name: 'VIP', description: '', condition: 'c', enabled: true });
  });
});

describe('condition errors', () => {
  it('reads the column of an invalid_condition answer', () => {
    expect(conditionColumn({ field: 'condition', column: 32, reason: 'x' })).toBe(32);
    expect(conditionColumn({ field: 'condition' })).toBeNull();
    expect(conditionColumn({ column: 0 })).toBeNull();
    expect(conditionColumn(undefined)).toBeNull();
  });

  it('puts the caret under the column, or just past the end', () => {
    expect(caretLines('a == ', 3)).toEqual(['a == ', '  ^']);
    expect(caretLines('abc', 99)).toEqual(['abc', '   ^']);
    expect(caretLines('abc', 1)[1]).toBe('^');
  });
});

describe('members', () => {
  it('counts a page, with + when more pages exist', () => {
    expect(memberCountLabel({ items: [], next: null })).toBe('0');
    expect(memberCountLabel({ items: new Array(1000).fill({}), next: 'c' })).toBe('1000+');
  });
  it('links the profile list filtered by the segment name', () => {
    expect(membersLink('Big spenders')).toEqual({ path: '/profiles', query: { segment: 'Big spenders' } });
  });
});
