import { describe, expect, it } from 'vitest';
import { iconGlyph } from './icons.ts';

describe('iconGlyph', () => {
  it('maps known names, keeps short icons and falls back for the rest', () => {
    expect(iconGlyph('http')).toBe('⇅');
    expect(iconGlyph('★')).toBe('★');
    expect(iconGlyph('no-such-icon')).toBe('◆');
    expect(iconGlyph(undefined)).toBe('◆');
  });
});
