import { describe, expect, it } from 'vitest';
import { fieldErrors, formMessage, normalisePath } from './field-errors.ts';

describe('fieldErrors', () => {
  it('reads a list of path/message pairs, JSON-pointer or dotted', () => {
    expect(fieldErrors([
      { path: '/name', message: 'must not be empty' },
      { instancePath: '/config/url', message: 'must match format "uri"' },
    ])).toEqual({ name: 'must not be empty', 'config.url': 'must match format "uri"' });
  });

  it('reads a wrapped errors list and keeps the first message per field', () => {
    expect(fieldErrors({ errors: [{ field: 'email', message: 'taken' }, { field: 'email', message: 'second' }] }))
      .toEqual({ email: 'taken' });
  });

  it("reads Tessera's validation answer", () => {
    expect(fieldErrors({ fields: [{ in: 'body', path: 'name', message: 'must NOT have fewer than 1 characters' }] }))
      .toEqual({ name: 'must NOT have fewer than 1 characters' });
  });

  it('puts the error message at the field a `{ field }` detail names', () => {
    expect(fieldErrors({ field: 'email' }, 'A user with email x already exists')).toEqual({ email: 'A user with email x already exists' });
    expect(fieldErrors({ field: 'email' })).toEqual({});
  });

  it('reads a plain map and ignores non-string values', () => {
    expect(fieldErrors({ name: 'required', count: 3 })).toEqual({ name: 'required' });
  });

  it('returns nothing for details it does not understand', () => {
    expect(fieldErrors(undefined)).toEqual({});
    expect(fieldErrors('oops')).toEqual({});
  });

  it('normalises bracket and body-prefixed paths', () => {
    expect(normalisePath('/body/headers/0')).toBe('headers.0');
    expect(normalisePath('items[2]["x"]')).toBe('items.2.x');
  });

  it('repeats a message below the form only when some error has no field to sit at', () => {
    expect(formMessage({ name: 'required' }, ['name', 'type'], 'name: required')).toBeNull();
    expect(formMessage({ 'allowedOrigins.1': 'bad' }, ['allowedOrigins'], 'x')).toBeNull();
    expect(formMessage({ id: 'taken' }, ['name'], 'id taken')).toBe('id taken');
    expect(formMessage({}, ['name'], 'server down')).toBe('server down');
  });
});
