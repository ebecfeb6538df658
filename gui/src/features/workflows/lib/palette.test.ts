import { describe, expect, it } from 'vitest';
import type { InstalledPlugin } from '../../../api/index.ts';
import { paletteGroups, pluginTitle, portNames } from './palette.ts';

const plugin = (name: string, version: string, category: string, title: string, enabled = true) =>
  ({ name, version, enabled, manifest: { kind: 'action', title, category, description: `${title} things` } }) as unknown as InstalledPlugin;

const installed = [
  plugin('@tessera/plugin-if', '1.0.0', 'Flow control', 'If'),
  plugin('@tessera/plugin-log', '1.0.0', 'Debug', 'Log'),
  plugin('@tessera/plugin-log', '1.2.0', 'Debug', 'Log'),
  plugin('@tessera/plugin-http-request', '1.0.0', 'Connectors', 'HTTP request'),
  plugin('@acme/plugin-off', '1.0.0', 'Connectors', 'Disabled one', false),
];

describe('palette', () => {
  it('groups enabled plugins by category, newest version first', () => {
    const groups = paletteGroups(installed, '');
    expect(groups.map((g) => g.category)).toEqual(['Connectors', 'Debug', 'Flow control']);
    expect(groups[1]!.items.map((p) => p.version)).toEqual(['1.2.0', '1.0.0']);
    expect(groups[0]!.items).toHaveLength(1);
  });

  it('filters by title, name, description or category', () => {
    expect(paletteGroups(installed, 'http').flatMap((g) => g.items.map((p) => p.name))).toEqual(['@tessera/plugin-http-request']);
    expect(paletteGroups(installed, 'flow CONTROL').map((g) => g.category)).toEqual(['Flow control']);
    expect(paletteGroups(installed, 'zzz')).toEqual([]);
  });

  it('reads port names in every declared shape', () => {
    expect(portNames(['true', 'false'], ['out'])).toEqual(['true', 'false']);
    expect(portNames([{ name: 'response' }, { name: 'error' }], ['out'])).toEqual(['response', 'error']);
    expect(portNames({ payload: {} }, ['out'])).toEqual(['payload']);
    expect(portNames(undefined, ['in'])).toEqual(['in']);
    expect(pluginTitle('@tessera/plugin-set-value')).toBe('set-value');
  });
});
