import { describe, expect, it } from 'vitest';
import type { TrackedEvent } from '../../../api/index.ts';
import { consentRows, flatten, maskPii, sessionIds } from './profile-view.ts';

describe('profile view helpers', () => {
  it('flattens nested traits into sorted dot paths', () => {
    expect(flatten({ plan: 'pro', address: { city: 'Oslo' }, tags: ['a'] })).toEqual([
      { key: 'address.city', value: 'Oslo' },
      { key: 'plan', value: 'pro' },
      { key: 'tags', value: '["a"]' },
    ]);
  });

  it('masks PII keeping only the first and last character', () => {
    expect(maskPii('ada@example.com')).toBe('a••••••••••m');
    expect(maskPii('ab')).toBe('••');
  });

  it('marks lapsed consents as not granted', () => {
    const rows = consentRows({
      marketing: { granted: true, at: '2026-01-01T00:00:00Z', expiresAt: '2026-02-01T00:00:00Z' },
      analytics: { granted: true, at: '2026-01-01T00:00:00Z' },
    }, Date.parse('2026-03-01T00:00:00Z'));
    expect(rows.map((r) => [r.purpose, r.granted, r.expired])).toEqual([['analytics', true, false], ['marketing', false, true]]);
  });

  it('lists sessions newest first without duplicates', () => {
    const ev = (sessionId: string, time: string) => ({ sessionId, time }) as TrackedEvent;
    expect(sessionIds([ev('s1', '2026-01-01'), ev('s2', '2026-01-03'), ev('s1', '2026-01-02')], null)).toEqual(['s2', 's1']);
    expect(sessionIds([ev('s1', '2026-01-01')], 's9')).toEqual(['s9', 's1']);
  });
});
