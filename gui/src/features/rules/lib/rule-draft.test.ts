import { describe, expect, it } from 'vitest';
import { blankRule, ruleBody, ruleProblems } from './rule-draft.ts';

describe('rule drafts', () => {
  it('flags every missing field of a blank rule', () => {
    expect(Object.keys(ruleProblems(blankRule()))).toEqual(['name', 'eventType', 'flowId']);
    expect(ruleProblems({ ...blankRule(), name: 'r', eventType: 'purchase', flowId: 'f1' })).toEqual({});
  });

  it('trims fields and drops an empty condition', () => {
    expect(ruleBody({ ...blankRule(), name: ' r ', eventType: ' purchase ', condition: '  ', flowId: 'f' }))
      .toEqual({ name: 'r', eventType: 'purchase', source: 'any', flowId: 'f', enabled: true });
    expect(ruleBody({ ...blankRule(), condition: ' event@properties.total > 10 ' }).condition).toBe('event@properties.total > 10');
  });
});
