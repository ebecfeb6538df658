import { describe, expect, it } from 'vitest';
import { defaultsOf, errorsUnder, fieldsOf, getAt, labelFor, parseAny, setAt, showAny } from './schema-form.ts';

const schema = {
  type: 'object',
  required: ['url'],
  properties: {
    url: { type: 'string', title: 'URL', examples: ['https://api.example.com'] },
    method: { type: 'string', enum: ['GET', 'POST'], default: 'POST' },
    timeoutMs: { type: 'integer', minimum: 100, default: 5000 },
    followRedirects: { type: 'boolean', default: true },
    allow: { type: 'array', items: { type: 'string' } },
    bodyTemplate: { type: 'string' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    retry: { type: 'object', properties: { times: { type: 'integer', default: 2 } } },
    anything: {},
    ops: { type: 'array', items: { type: 'object', required: ['field'], properties: { field: { type: 'string' }, op: { type: 'string', enum: ['set', 'append'], default: 'set' } } } },
    pick: { anyOf: [{ type: 'string' }, { type: 'number' }] },
  },
};

describe('schema form', () => {
  it('maps each schema keyword to a field kind', () => {
    const fields = fieldsOf(schema);
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['url', 'string'], ['method', 'enum'], ['timeoutMs', 'integer'], ['followRedirects', 'boolean'],
      ['allow', 'string-list'], ['bodyTemplate', 'text'], ['headers', 'json'], ['retry', 'object'], ['anything', 'any'],
      ['ops', 'object-list'], ['pick', 'json'],
    ]);
    expect(fields[9]!.fields!.map((f) => f.path)).toEqual(['field', 'op']);
    expect(fields[9]!.itemDefaults).toEqual({ op: 'set' });
    expect(fields[0]).toMatchObject({ label: 'URL', required: true, placeholder: 'https://api.example.com' });
    expect(fields[2]).toMatchObject({ label: 'Timeout ms', min: 100, required: false });
    expect(fields[7]!.fields![0]).toMatchObject({ path: 'retry.times', kind: 'integer' });
  });

  it('reads untyped values as JSON when they parse, else as text', () => {
    expect(parseAny('42')).toBe(42);
    expect(parseAny('{"a":1}')).toEqual({ a: 1 });
    expect(parseAny('Hello {{profile@pii.name}}')).toBe('Hello {{profile@pii.name}}');
    expect(parseAny('  ')).toBeUndefined();
    expect(showAny('vip')).toBe('vip');
    expect(showAny(['a'])).toBe('["a"]');
  });

  it('picks the errors of one list item', () => {
    expect(errorsUnder({ 'ops.0.field': 'bad', 'ops.1.op': 'worse', name: 'x' }, 'ops.0')).toEqual({ field: 'bad' });
  });

  it('reads enum labels from oneOf/const', () => {
    const [f] = fieldsOf({ properties: { op: { oneOf: [{ const: 'set', title: 'Set' }, { const: 'inc', title: 'Increment' }] } } });
    expect(f!.options).toEqual([{ value: 'set', label: 'Set' }, { value: 'inc', label: 'Increment' }]);
  });

  it('collects defaults, nested ones included, without sharing objects with the schema', () => {
    const d = defaultsOf(schema) as Record<string, unknown>;
    expect(d).toEqual({ method: 'POST', timeoutMs: 5000, followRedirects: true, retry: { times: 2 } });
    const withArray = { properties: { tags: { type: 'array', default: ['a'] } } };
    (defaultsOf(withArray) as { tags: string[] }).tags.push('b');
    expect(withArray.properties.tags.default).toEqual(['a']);
  });

  it('reads and writes dot paths immutably', () => {
    const before = { a: { b: 1 }, c: 2 };
    const after = setAt(before, 'a.d', 3);
    expect(after).toEqual({ a: { b: 1, d: 3 }, c: 2 });
    expect(before).toEqual({ a: { b: 1 }, c: 2 });
    expect(getAt(after, 'a.d')).toBe(3);
    expect(setAt(after, 'c', undefined)).toEqual({ a: { b: 1, d: 3 } });
    expect(labelFor('http_method', {})).toBe('Http method');
  });
});
