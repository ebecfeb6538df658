import { describe, expect, it } from 'vitest';
import { ConditionSyntaxError, evaluateCondition, parseCondition } from './index.ts';

const ctx = {
  profile: { id: 'p1', traits: { plan: 'pro', age: 34, score: '12.5', tags: ['vip', 'beta'], nested: { a: null }, since: '2024-03-01T10:00:00Z' }, pii: { email: 'Ann@Example.com' } },
  event: { type: 'purchase', properties: { price: 120, currency: 'EUR', sku: 'SKU-001', paid: true } },
  session: { id: 's1', context: { browser: 'firefox' } },
  payload: { step: 2, items: [{ id: 1 }, { id: 2 }] },
};
const ev = (c: string) => evaluateCondition(c, ctx);

describe('comparisons', () => {
  it('compares numbers, numeric strings, strings and booleans', () => {
    expect(ev('event@properties.price > 100')).toBe(true);
    expect(ev('event@properties.price >= 120')).toBe(true);
    expect(ev('event@properties.price < 120')).toBe(false);
    expect(ev('event@properties.price <= 119.99')).toBe(false);
    expect(ev('profile@traits.score > 12')).toBe(true);
    expect(ev('profile@traits.score == 12.5')).toBe(true);
    expect(ev("profile@traits.plan == 'pro'")).toBe(true);
    expect(ev('profile@traits.plan = "pro"')).toBe(true);
    expect(ev("profile@traits.plan != 'pro'")).toBe(false);
    expect(ev("profile@traits.plan <> 'free'")).toBe(true);
    expect(ev('event@properties.paid == true')).toBe(true);
    expect(ev('event@properties.paid == false')).toBe(false);
    expect(ev("profile@traits.plan > 'abc'")).toBe(true);
  });

  it('compares two paths', () => {
    expect(ev('payload@step < event@properties.price')).toBe(true);
    expect(ev('profile@id == session@id')).toBe(false);
  });

  it('treats incomparable values as not ordered and a missing value as null', () => {
    expect(ev("event@properties.price > 'abc'")).toBe(false);
    expect(ev('profile@traits.missing > 3')).toBe(false);
    expect(ev('profile@traits.missing < 3')).toBe(false);
    expect(ev('profile@traits.missing == null')).toBe(true);
    expect(ev('profile@traits.missing != 3')).toBe(true);
    expect(ev('profile@traits.nested.a == NULL')).toBe(true);
  });

  it('compares ISO dates by time', () => {
    expect(ev('profile@traits.since > 2024-01-01')).toBe(true);
    expect(ev('profile@traits.since < 2024-03-01T09:00:00Z')).toBe(false);
    expect(ev('profile@traits.since == 2024-03-01T12:00:00+02:00')).toBe(true);
    expect(ev('profile@traits.since BETWEEN 2024-02-01 AND 2024-04-01')).toBe(true);
    expect(ev('profile@traits.plan > 2024-01-01')).toBe(false);
  });

  it('BETWEEN is inclusive', () => {
    expect(ev('event@properties.price BETWEEN 100 AND 120')).toBe(true);
    expect(ev('event@properties.price BETWEEN 121 AND 200')).toBe(false);
    expect(ev('profile@traits.age between 18 and 34')).toBe(true);
  });

  it('deep-compares arrays', () => {
    expect(ev('payload@items.1.id == 2')).toBe(true);
    expect(ev('payload@items.5.id EXISTS')).toBe(false);
  });
});

describe('existence and null', () => {
  it('EXISTS / NOT EXISTS / IS NULL / IS NOT NULL', () => {
    expect(ev('profile@pii.email EXISTS')).toBe(true);
    expect(ev('profile@pii.phone EXISTS')).toBe(false);
    expect(ev('profile@pii.phone NOT EXISTS')).toBe(true);
    expect(ev('profile@traits.nested.a EXISTS')).toBe(true);
    expect(ev('profile@traits.nested.a IS NULL')).toBe(true);
    expect(ev('profile@traits.nothing IS NULL')).toBe(true);
    expect(ev('profile@traits.plan IS NULL')).toBe(false);
    expect(ev('profile@traits.plan IS NOT NULL')).toBe(true);
    expect(ev('profile@ EXISTS')).toBe(true);
  });
});

describe('string and list operators', () => {
  it('CONTAINS works on strings, arrays and object keys', () => {
    expect(ev("profile@pii.email CONTAINS '@example'")).toBe(false);
    expect(ev("profile@pii.email CONTAINS '@Example'")).toBe(true);
    expect(ev("profile@traits.tags CONTAINS 'vip'")).toBe(true);
    expect(ev("profile@traits.tags CONTAINS 'gold'")).toBe(false);
    expect(ev("profile@traits.tags NOT CONTAINS 'gold'")).toBe(true);
    expect(ev("profile@traits CONTAINS 'plan'")).toBe(true);
  });
  it('STARTS WITH / ENDS WITH only match strings', () => {
    expect(ev("event@properties.sku STARTS WITH 'SKU-'")).toBe(true);
    expect(ev("event@properties.sku ENDS WITH '001'")).toBe(true);
    expect(ev("event@properties.sku ends with '002'")).toBe(false);
    expect(ev("event@properties.price STARTS WITH '1'")).toBe(false);
    expect(ev("event@properties.sku NOT STARTS WITH 'X'")).toBe(true);
  });
});

describe('boolean logic', () => {
  it('AND binds tighter than OR, NOT and parentheses work', () => {
    expect(ev("profile@traits.plan == 'free' AND event@properties.price > 0 OR event@type == 'purchase'")).toBe(true);
    expect(ev("profile@traits.plan == 'free' AND (event@properties.price > 0 OR event@type == 'purchase')")).toBe(false);
    expect(ev("NOT profile@traits.plan == 'free'")).toBe(true);
    expect(ev("NOT (profile@traits.plan == 'pro' AND event@properties.paid == true)")).toBe(false);
    expect(ev('not not event@properties.paid')).toBe(true);
  });
  it('a bare operand tests truthiness', () => {
    expect(ev('event@properties.paid')).toBe(true);
    expect(ev('profile@traits.missing OR payload@step')).toBe(true);
    expect(ev('(profile@traits.tags)')).toBe(true);
    expect(ev('false')).toBe(false);
  });
  it('short-circuits so a failing right side is not evaluated', () => {
    expect(ev('true OR profile@traits.x > 1')).toBe(true);
  });
});

describe('parse errors name the column', () => {
  const col = (c: string) => {
    try {
      parseCondition(c);
    } catch (e) {
      expect(e).toBeInstanceOf(ConditionSyntaxError);
      expect((e as Error).message).toMatch(/\(column \d+\)$/);
      return (e as ConditionSyntaxError).column;
    }
    throw new Error(`expected a syntax error for ${c}`);
  };
  it('points at the offending token', () => {
    expect(col("profile@traits.plan == 'pro' AND")).toBe(33);
    expect(col('profile@traits.x >')).toBe(19);
    expect(col('user@traits.x == 1')).toBe(1);
    expect(col('profile@traits.x == 1 1')).toBe(23);
    expect(col("profile@traits.x == 'abc")).toBe(21);
    expect(col('(profile@traits.x == 1')).toBe(23);
    expect(col('profile@traits.x BETWEEN 1 OR 2')).toBe(28);
    expect(col('profile@traits.x IS 5')).toBe(21);
    expect(col('profile@traits.x STARTS 5')).toBe(25);
    expect(col('profile@traits.x # 1')).toBe(18);
    expect(col('profile@traits..x == 1')).toBe(1);
    expect(col('plan == 1')).toBe(1);
    expect(col('   ')).toBe(1);
    expect(col('profile@x == 2024-13-45')).toBe(14);
  });
  it('says what was expected', () => {
    expect(() => parseCondition('profile@traits.x ==')).toThrow(/expected a value or a path/);
    expect(() => parseCondition('a@b')).toThrow(/unknown path root 'a@'/);
    expect(() => parseCondition('(true')).toThrow(/expected '\)' to close the '\(' at column 1/);
  });
});

describe('keywords are case-insensitive and paths keep their case', () => {
  it('parses mixed case', () => {
    expect(ev("Event@properties.currency Is Not Null and EVENT@properties.currency == 'EUR'")).toBe(true);
    expect(ev("profile@Traits.plan EXISTS")).toBe(false);
  });
});

describe('writable targets', () => {
  it('accepts payload, event properties, profile traits and pii', async () => {
    const { parseWritableTarget } = await import('./index.ts');
    expect(parseWritableTarget('payload@a.b')).toEqual({ root: 'payload', path: ['a', 'b'], dotted: 'a.b' });
    expect(parseWritableTarget('event@properties.total').dotted).toBe('properties.total');
    expect(parseWritableTarget('profile@traits.plan').root).toBe('profile');
    expect(parseWritableTarget('profile@pii.email').dotted).toBe('pii.email');
    expect(() => parseWritableTarget('profile@id')).toThrow(/only profile@traits/);
    expect(() => parseWritableTarget('profile@segments.x')).toThrow(/only profile@traits/);
    expect(() => parseWritableTarget('session@context.x')).toThrow(/cannot write/);
    expect(() => parseWritableTarget('payload@')).toThrow(/whole payload/);
    expect(() => parseWritableTarget('traits.x')).toThrow(/not a dot path/);
  });
});
