/**
 * `show-widget`: sends one widget descriptor (a popup, a consent bar or a call-to-action) out of the engine's
 * reserved `ux` port, so the `/track` answer carries it and the tracker draws it. Texts, labels, links and the
 * buttons' event properties may hold `{{templates}}`; after rendering, texts are cut to the widget limits
 * (`host/src/tracker/ux.schema.ts`) so a long value shortens the widget instead of making the engine drop it.
 * The input payload continues unchanged on `payload`.
 */
import { definePlugin } from '@tessera/plugin-sdk';
import { reshape, scopeOf } from '@tessera/plugin-sdk/condition';

/** A button as configured. */
export interface ButtonConfig {
  label: string;
  event?: { type: string; properties?: Record<string, unknown> };
  url?: string;
  primary?: boolean;
}

/** Node configuration: the widget descriptor, with templates. */
export interface ShowWidgetConfig {
  type: 'popup' | 'consent-bar' | 'cta';
  id?: string;
  title?: string;
  text: string;
  buttons: ButtonConfig[];
  position?: string;
}

type Plain = Record<string, unknown>;

/** A rendered template as text, cut to `max` code points (the unit the widget schema counts). */
function text(v: unknown, max: number): string {
  const s = typeof v === 'string' ? v : v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const points = Array.from(s);
  return points.length > max ? `${points.slice(0, max - 1).join('')}…` : s;
}

function plain(v: unknown): Plain | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Plain) : undefined;
}

export default definePlugin<ShowWidgetConfig>({
  run(input, ctx) {
    const view = scopeOf(ctx, input.payload);
    const c = ctx.config;
    const widget: Plain = { type: c.type, text: text(reshape(c.text, view), 1000), buttons: [] };
    if (c.id) widget.id = c.id;
    if (c.title !== undefined) widget.title = text(reshape(c.title, view), 120);
    if (c.position) widget.position = c.position;
    widget.buttons = (c.buttons ?? []).map((b) => {
      const button: Plain = { label: text(reshape(b.label, view), 60) || '…' };
      if (b.event) {
        const event: Plain = { type: b.event.type };
        const props = b.event.properties === undefined ? undefined : plain(reshape(b.event.properties, view));
        if (props) event.properties = props;
        button.event = event;
      }
      if (b.url) button.url = text(reshape(b.url, view), 2048);
      if (b.primary) button.primary = true;
      return button;
    });
    return [{ port: 'ux', payload: widget }, { port: 'payload', payload: input.payload }];
  },
});
