import { describe, expect, it } from 'vitest';
import { compareVersions, latestVersion } from './semver.ts';

describe('semver', () => {
  it('orders numerically, not lexically', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
    expect(compareVersions('2.0.0-beta.1', '2.0.0')).toBeLessThan(0);
  });

  it('finds the latest version', () => {
    expect(latestVersion(['1.2.0', '1.10.1', '1.9.9'])).toBe('1.10.1');
    expect(latestVersion([])).toBeUndefined();
  });
});
