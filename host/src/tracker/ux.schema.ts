/**
 * The safe widget descriptors a `/track` response may carry in `ux`.
 *
 * Tracardi's `ux` items are raw `{tag, props, content}` elements, so a flow can inject any script into a tracked site.
 * Tessera's tracker renders only these three declarative widgets, with DOM APIs and `textContent`; anything else in
 * `ux` is ignored. The workflow engine validates what flows emit against {@link UxWidget}; the browser tracker applies
 * the same limits in `host/tracker/ux/guard.ts` (a unit test keeps the two in agreement).
 */
import { Type, type Static } from 'typebox';

/** Event types a widget may send: the same characters Tracardi accepts after normalisation, bounded in length. */
export const UX_EVENT_TYPE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9 _.:-]{0,63}$';

/** The event a widget button sends back through the tracker when clicked. */
export const UxEvent = Type.Object({
  type: Type.String({ pattern: UX_EVENT_TYPE_PATTERN }),
  properties: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false });
/** The event a widget button sends back through the tracker when clicked. */
export type UxEvent = Static<typeof UxEvent>;

/** One button of a widget: its label, the event it sends, and for a call-to-action an optional http(s) link. */
export const UxButton = Type.Object({
  label: Type.String({ minLength: 1, maxLength: 60 }),
  event: Type.Optional(UxEvent),
  url: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://' })),
  primary: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });
/** One button of a widget: its label, the event it sends, and for a call-to-action an optional http(s) link. */
export type UxButton = Static<typeof UxButton>;

/** A widget descriptor: a popup, a consent bar or a call-to-action card, rendered from text only. */
export const UxWidget = Type.Object({
  type: Type.Union([Type.Literal('popup'), Type.Literal('consent-bar'), Type.Literal('cta')]),
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  title: Type.Optional(Type.String({ maxLength: 120 })),
  text: Type.String({ maxLength: 1000 }),
  buttons: Type.Array(UxButton, { maxItems: 4 }),
  position: Type.Optional(Type.Union([
    Type.Literal('top'), Type.Literal('bottom'), Type.Literal('center'), Type.Literal('top-left'),
    Type.Literal('top-right'), Type.Literal('bottom-left'), Type.Literal('bottom-right'),
  ])),
}, { additionalProperties: false });
/** A widget descriptor: a popup, a consent bar or a call-to-action card, rendered from text only. */
export type UxWidget = Static<typeof UxWidget>;
