/**
 * `@tessera/plugin-show-widget` is written only against the SDK, so its manifest repeats the widget limits in JSON
 * Schema. This keeps that copy in step with `UxWidget`: every value its config can choose is one the engine accepts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UxButton, UxEvent, UxWidget, UX_EVENT_TYPE_PATTERN } from './ux.schema.ts';

const manifest = JSON.parse(readFileSync(new URL('../../../plugins/show-widget/package.json', import.meta.url), 'utf8')).tessera;
const config = manifest.config;
const literals = (union: { anyOf: Array<{ const: string }> }) => union.anyOf.map((x) => x.const).sort();

describe('show-widget plugin and the UxWidget schema', () => {
  it('offers exactly the widget types and positions the tracker draws', () => {
    expect([...config.properties.type.enum].sort()).toEqual(literals(UxWidget.properties.type as never));
    expect([...config.properties.position.enum].sort()).toEqual(literals(UxWidget.properties.position as never));
  });

  it('bounds buttons, their events and links as the engine does', () => {
    expect(config.properties.buttons.maxItems).toBe((UxWidget.properties.buttons as { maxItems?: number }).maxItems);
    const button = config.properties.buttons.items;
    expect(Object.keys(button.properties).sort()).toEqual(Object.keys(UxButton.properties).sort());
    expect(button.properties.event.properties.type.pattern).toBe(UX_EVENT_TYPE_PATTERN);
    expect(Object.keys(button.properties.event.properties).sort()).toEqual(Object.keys(UxEvent.properties).sort());
    expect(button.properties.url.pattern).toBe((UxButton.properties.url as { pattern?: string }).pattern);
    expect(Object.keys(config.properties).sort()).toEqual(Object.keys(UxWidget.properties).sort());
  });

  it('sends widgets through the reserved ux port, without reading PII', () => {
    expect(manifest.outputs).toContain('ux');
    expect(manifest.permissions.pii).toBe(false);
  });
});
