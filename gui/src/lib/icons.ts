/**
 * Plugin manifests name an icon (`icon: "http"`); the GUI draws it as a glyph so no icon font or image has to load.
 * Unknown names fall back to a neutral tile.
 */
const GLYPHS: Record<string, string> = {
  segment: '◔', copy: '❏', response: '↩', delete: '⌫', http: '⇅', if: '⑂', log: '☰', edit: '✎', template: '❝',
  profile: '☺', flask: '⚗', puzzle: '◆', mail: '✉', clock: '◷', database: '⛁', filter: '⏚', merge: '⤙', tag: '#',
  start: '▶', webhook: '⚓', consent: '✓', user: '☺', code: '⌘',
};

/** The glyph for a manifest icon name (a one- or two-character icon is used as is). */
export function iconGlyph(icon: string | undefined | null): string {
  if (!icon) return GLYPHS.puzzle!;
  if ([...icon].length <= 2) return icon;
  return GLYPHS[icon.toLowerCase()] ?? GLYPHS.puzzle!;
}
