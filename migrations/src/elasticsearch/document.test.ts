import { describe, expect, it } from 'vitest';
import { KV_FIELD, KV_LOWER_FIELD, KV_SEP, PATHS_FIELD, TEXT_FIELD, derive, encodeNumber, fromSource, toSource } from './document.ts';
import { esNames, monthOf } from './names.ts';

describe('elasticsearch document layout', () => {
  it('encodes numbers so that string order is numeric order, negatives and fractions included', () => {
    const numbers = [-1e300, -1000.5, -3, -0.25, 0, 1e-9, 0.5, 2, 10, 99.99, 1e6, 1e300];
    const encoded = numbers.map(encodeNumber);
    expect([...encoded].sort()).toEqual(encoded);
    expect(encodeNumber(-0)).toBe(encodeNumber(0));
  });

  it('derives one keyword term per leaf, every parent path, lowercased strings and text values', () => {
    const d = derive({ id: 'E1', tags: ['a', 'b'], properties: { n: 3, ok: true, none: null, deep: { Name: 'Ünï' } } }, ['id', 'properties']);
    expect(d[KV_FIELD]).toEqual(expect.arrayContaining([`tags${KV_SEP}sa`, `tags${KV_SEP}sb`, `properties.ok${KV_SEP}btrue`, `properties.none${KV_SEP}z`, `properties.deep.Name${KV_SEP}sÜnï`]));
    expect(d[KV_LOWER_FIELD]).toContain(`properties.deep.Name${KV_SEP}ünï`);
    expect(d[PATHS_FIELD]).toEqual(expect.arrayContaining(['properties', 'properties.deep', 'properties.deep.Name', 'tags']));
    // null is stored but does not "exist", as in the SQLite adapter.
    expect(d[PATHS_FIELD]).not.toContain('properties.none');
    expect(d[TEXT_FIELD]).toEqual(expect.arrayContaining(['e1', '3', 'ünï']));
    expect(d[TEXT_FIELD]).not.toContain('a');
  });

  it('round-trips an entity through the stored source without the derived fields', () => {
    const doc = { id: 'x', context: { cookies: { a: '1' } } };
    expect(fromSource(toSource(doc, ['*']))).toEqual(doc);
  });

  it('names indices per installation, with prod- for production', () => {
    const n = esNames({ production: true, base: 'acme' });
    expect([n.alias('profiles'), n.physical('profiles', 2), n.monthly(1, monthOf('2026-03-31T23:59:59Z')), n.migrations])
      .toEqual(['prod-acme.profiles', 'prod-acme.profiles.v2', 'prod-acme.events.v1-2026.03', 'prod-acme.migrations']);
    expect(() => esNames({ base: 'Bad Name' })).toThrow();
  });
});
