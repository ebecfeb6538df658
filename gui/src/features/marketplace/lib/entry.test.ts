import { describe, expect, it } from 'vitest';
import type { MarketplacePlugin } from '../../../api/index.ts';
import { permissionLines, signatureState, versionsOf } from './entry.ts';

describe('marketplace entries', () => {
  it('reads signature states from several shapes', () => {
    expect(signatureState({ signature: { status: 'trusted' } })).toBe('trusted');
    expect(signatureState({ signature: 'unsigned' })).toBe('unsigned');
    expect(signatureState({ signed: true, trusted: false })).toBe('untrusted');
    expect(signatureState({ signatureStatus: 'tampered' })).toBe('invalid');
    expect(signatureState({ signature: { status: 'not-first-party' } })).toBe('invalid');
    expect(signatureState({})).toBe('unknown');
  });

  it('lists versions newest first, from strings or objects', () => {
    expect(versionsOf({ name: 'x', versions: ['1.0.0', '1.10.0', '1.2.0'] } as unknown as MarketplacePlugin).map((v) => v.version)).toEqual(['1.10.0', '1.2.0', '1.0.0']);
    const v = versionsOf({ name: 'x', versions: [{ version: '1.0.0', signature: { status: 'unsigned' } }] } as unknown as MarketplacePlugin);
    expect(v[0]).toMatchObject({ version: '1.0.0', signature: 'unsigned' });
  });

  it('turns permissions into readable lines, skipping what is not asked', () => {
    expect(permissionLines({ network: { hosts: ['api.example.com'] }, profile: { read: true, write: false }, pii: false, kv: true, consents: [] }))
      .toEqual(['network: hosts api.example.com', 'profile: read', 'kv']);
  });
});
