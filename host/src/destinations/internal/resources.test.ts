import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipher } from '../../auth/cipher.ts';
import type { Profile } from '../../storage/index.ts';
import { MASK } from '../destination.schema.ts';
import { profileFingerprint } from './fingerprint.ts';
import { mergeResources, openResources, resourceKeys, sealResources } from './resources.ts';

describe('destination credentials', () => {
  const cipher = createCipher(randomBytes(32));

  it('are sealed (no clear text) and open again with the same key only', () => {
    const sealed = sealResources(cipher, { auth: { token: 'very-secret-token' } })!;
    expect(sealed).not.toContain('very-secret-token');
    expect(openResources(cipher, sealed)).toEqual({ auth: { token: 'very-secret-token' } });
    expect(() => openResources(createCipher(randomBytes(32)), sealed)).toThrow(/cannot be decrypted/);
    expect(sealResources(cipher, {})).toBeNull();
    expect(resourceKeys({ auth: { user: 'u', password: 'p' } })).toEqual({ auth: ['password', 'user'] });
  });

  it('keep masked values on update, replace sent ones, and report masks with nothing behind them', () => {
    const current = { auth: { user: 'ann', password: 'old' } };
    expect(mergeResources(current, undefined).value).toBe(current);
    expect(mergeResources(current, null).value).toEqual({});
    expect(mergeResources(current, { auth: { user: MASK, password: 'new' } })).toEqual({ value: { auth: { user: 'ann', password: 'new' } }, unknownMasked: [] });
    expect(mergeResources(current, { auth: { token: MASK } })).toEqual({ value: { auth: {} }, unknownMasked: ['resources.auth.token'] });
  });
});

describe('profile fingerprint', () => {
  const base: Profile = {
    id: 'p', ids: ['p'], createdAt: 't0', updatedAt: 't0', traits: { a: 1, b: { c: 2 } }, pii: {}, consents: {}, segments: [],
    stats: { visits: 1, events: 1 }, version: 1,
  };
  it('ignores bookkeeping and key order, and changes with the data', () => {
    const fp = profileFingerprint(base);
    expect(profileFingerprint({ ...base, updatedAt: 't9', stats: { visits: 5, events: 50 }, version: 7, lastVisitAt: 't9' })).toBe(fp);
    expect(profileFingerprint({ ...base, traits: { b: { c: 2 }, a: 1 } })).toBe(fp);
    expect(profileFingerprint({ ...base, traits: { a: 2, b: { c: 2 } } })).not.toBe(fp);
    expect(profileFingerprint({ ...base, segments: ['vip'] })).not.toBe(fp);
  });
});
