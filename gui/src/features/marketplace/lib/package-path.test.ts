import { describe, expect, it } from 'vitest';
import { packagePath } from './package-path.ts';

describe('packagePath', () => {
  it('keeps the scope separator so the host routes match', () => {
    expect(packagePath('@tessera/plugin-log')).toBe('%40tessera/plugin-log');
    expect(packagePath('plain-name')).toBe('plain-name');
    expect(packagePath('odd name')).toBe('odd%20name');
  });
});
