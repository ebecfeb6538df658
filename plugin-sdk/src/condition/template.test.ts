import { describe, expect, it } from 'vitest';
import { ConditionSyntaxError, checkTemplates, renderTemplate, reshape } from './index.ts';

const ctx = {
  profile: { id: 'p1', pii: { email: 'ann@example.com', name: 'Ann' }, traits: { visits: 3, tags: ['a'] } },
  event: { type: 'purchase', properties: { total: 9.5 } },
};

describe('templates', () => {
  it('interpolates paths into text', () => {
    expect(renderTemplate('Hi {{profile@pii.name}}, you spent {{ event@properties.total }}!', ctx)).toBe('Hi Ann, you spent 9.5!');
    expect(renderTemplate('missing: [{{profile@pii.phone}}]', ctx)).toBe('missing: []');
    expect(renderTemplate('tags {{profile@traits.tags}}', ctx)).toBe('tags ["a"]');
    expect(renderTemplate('no holes', ctx)).toBe('no holes');
  });
  it('keeps the type of a value that is a whole template', () => {
    expect(renderTemplate('{{profile@traits.visits}}', ctx)).toBe(3);
    expect(renderTemplate('{{profile@traits.tags}}', ctx)).toEqual(['a']);
    expect(renderTemplate('{{profile@traits.none}}', ctx)).toBeUndefined();
  });
  it('reshapes nested JSON', () => {
    expect(reshape({ to: '{{profile@pii.email}}', lines: ['{{event@type}}', 1], n: { v: '{{profile@traits.visits}}' } }, ctx))
      .toEqual({ to: 'ann@example.com', lines: ['purchase', 1], n: { v: 3 } });
  });
  it('reports malformed templates with their column and JSON pointer', () => {
    expect(() => renderTemplate('Hello {{profile@pii.name', ctx)).toThrow(ConditionSyntaxError);
    const column = (t: string) => { try { renderTemplate(t, ctx); return 0; } catch (e) { return (e as ConditionSyntaxError).column; } };
    expect(column('ab {{ nope }}')).toBe(7);
    expect(column('ab {{user@x}}')).toBe(6);
    expect(column('ab {{  }}')).toBe(4);
    expect(checkTemplates({ a: 'ok {{event@type}}', b: ['{{x@y}}'], c: '{{' })).toEqual([
      { path: '/b/0', message: expect.stringMatching(/unknown path root/) },
      { path: '/c', message: expect.stringMatching(/never closed.*column 1/) },
    ]);
  });
});
