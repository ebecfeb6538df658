/**
 * `consent`: records a visitor's consent choices on the profile as `consents.<purpose> = {granted, at, source}`.
 * The choices come from the event (the answer of a consent bar: `{analytics: true, marketing: false}`, or the same
 * under `properties.consent`) or from what the tracker's `consent({...})` sent (`context.consent`, kept in the
 * session's context). Only purposes the manifest declares are written; an unchanged decision is not rewritten, so
 * the node can run on every event without moving the time a choice was made.
 */
import { definePlugin } from '@tessera/plugin-sdk';

/** Node configuration (the manifest's `config` schema; defaults applied by the host). */
export interface ConsentConfig {
  from?: 'event' | 'context';
  purposes?: string[];
  expiresInDays?: number;
}

type Plain = Record<string, unknown>;

function plain(v: unknown): Plain | null {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Plain) : null;
}

/** The choices object the node reads, or null when there is none. */
function choicesOf(from: ConsentConfig['from'], event: Plain, session: Plain): Plain | null {
  if (from === 'context') return plain(plain(session.context)?.consent);
  const props = plain(event.properties);
  return plain(props?.consent) ?? props;
}

/** Where a decision came from, kept in the consent entry: the widget, the event type, or the tracker. */
function originOf(from: ConsentConfig['from'], event: Plain): string {
  if (from === 'context') return 'tracker';
  const widget = plain(plain(event.context)?.widget);
  if (widget && typeof widget.type === 'string') return `widget:${typeof widget.id === 'string' ? widget.id : widget.type}`;
  return `event:${typeof event.type === 'string' ? event.type : 'unknown'}`;
}

function isoTime(v: unknown): string {
  const t = typeof v === 'string' ? Date.parse(v) : NaN;
  return new Date(Number.isFinite(t) ? t : Date.now()).toISOString();
}

export default definePlugin<ConsentConfig>({
  run(input, ctx) {
    const from = ctx.config.from ?? 'event';
    const served = new Set(ctx.consent.purposes);
    const purposes = (ctx.config.purposes ?? [...served]).filter((p) => served.has(p));
    const choices = choicesOf(from, ctx.event, ctx.session);
    if (!choices) {
      ctx.log.warn(`no consent choices found in the ${from === 'context' ? "session's context.consent" : "event's properties"}`);
      return { port: 'payload', payload: input.payload };
    }
    const at = isoTime(ctx.event.time);
    const source = originOf(from, ctx.event);
    const current = plain(ctx.profile.consents) ?? {};
    const changed: Record<string, boolean> = {};
    for (const purpose of purposes) {
      const choice = choices[purpose];
      if (choice === undefined) continue;
      if (typeof choice !== 'boolean') {
        ctx.log.warn(`consent for ${purpose} must be true or false, got ${JSON.stringify(choice)}; ignored`);
        continue;
      }
      const before = plain(current[purpose]);
      if (before && before.granted === choice) continue;
      const entry: Plain = { granted: choice, at, source };
      if (choice && ctx.config.expiresInDays) entry.expiresAt = new Date(Date.parse(at) + ctx.config.expiresInDays * 86_400_000).toISOString();
      ctx.update.profile.set(`consents.${purpose}`, entry);
      changed[purpose] = choice;
    }
    const out = [{ port: 'payload', payload: input.payload }];
    // `changed` lets a flow act only on a new decision (e.g. notify a destination), never on a repeated one.
    if (Object.keys(changed).length > 0) out.push({ port: 'changed', payload: { consents: changed, source } });
    return out;
  },
});
