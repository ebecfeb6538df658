/**
 * Run-time check of ux descriptors inside the browser. The tracker ships without dependencies, so it cannot run the
 * TypeBox schema; this mirrors `host/src/tracker/ux.schema.ts` limit for limit (a unit test checks they agree).
 * Anything a flow returns is untrusted: whatever fails here is never rendered.
 */
import type { UxButton, UxWidget } from '../../src/tracker/ux.schema.ts';

const WIDGET_TYPES = ['popup', 'consent-bar', 'cta'];
const POSITIONS = ['top', 'bottom', 'center', 'top-left', 'top-right', 'bottom-left', 'bottom-right'];
const EVENT_TYPE = /^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}$/;
const HTTP_URL = /^https?:\/\//;

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(v: Plain, allowed: string[]): boolean {
  return Object.keys(v).every((k) => allowed.includes(k));
}

// Lengths count code points, as JSON Schema (and so TypeBox) does, not UTF-16 units.
function str(v: unknown, min: number, max: number): boolean {
  if (typeof v !== 'string') return false;
  const n = Array.from(v).length;
  return n >= min && n <= max;
}

function optional(v: unknown, check: (x: unknown) => boolean): boolean {
  return v === undefined || check(v);
}

function isEvent(v: unknown): boolean {
  return isPlain(v) && onlyKeys(v, ['type', 'properties'])
    && typeof v.type === 'string' && EVENT_TYPE.test(v.type)
    && optional(v.properties, isPlain);
}

function isButton(v: unknown): v is UxButton {
  return isPlain(v) && onlyKeys(v, ['label', 'event', 'url', 'primary'])
    && str(v.label, 1, 60)
    && optional(v.event, isEvent)
    && optional(v.url, (u) => str(u, 0, 2048) && HTTP_URL.test(u as string))
    && optional(v.primary, (p) => typeof p === 'boolean');
}

/** True when `v` is a widget descriptor the tracker may render. */
export function isUxWidget(v: unknown): v is UxWidget {
  return isPlain(v) && onlyKeys(v, ['type', 'id', 'title', 'text', 'buttons', 'position'])
    && WIDGET_TYPES.includes(v.type as string)
    && optional(v.id, (x) => str(x, 1, 64))
    && optional(v.title, (x) => str(x, 0, 120))
    && str(v.text, 0, 1000)
    && Array.isArray(v.buttons) && v.buttons.length <= 4 && v.buttons.every(isButton)
    && optional(v.position, (p) => POSITIONS.includes(p as string));
}
