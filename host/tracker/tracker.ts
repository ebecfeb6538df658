/**
 * The tracker's behaviour: batching until page load, `fire` and `asBeacon` sends, identity updates from responses,
 * consent gating, `onReady` listeners and widget answers. Everything browser-global is read through ./state.ts,
 * ./context.ts and ./transport.ts.
 */
import type { Config, ReadyArgs } from './options.ts';
import type { TrackPayload, TrackResponse, WireEvent } from './wire.ts';
import { eventContext, performanceContext, sessionContext } from './context.ts';
import { decorateExternalLinks } from './links.ts';
import { CONSENT_KEY, PROFILE_KEY, forgetIdentity, load, readCookie, save, SESSION_COOKIE, touchSession } from './state.ts';
import { beacon, post } from './transport.ts';
import { renderUx, type AnswerFn } from './ux/render.ts';

/** Options of `tracker.track(type, properties, options)`; other keys travel to the server in `event.options`. */
export interface TrackOptions {
  fire?: boolean;
  asBeacon?: boolean;
  context?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A consent decision: `true`/`false`, or purposes mapped to booleans (any `true` allows tracking). */
export type ConsentChoice = boolean | Record<string, boolean>;

/** The public `window.tracker` object. */
export interface Tracker {
  version: string;
  track(type: string, properties?: Record<string, unknown>, options?: TrackOptions): Promise<TrackResponse | null>;
  consent(choice: ConsentChoice): void;
  onReady(fn: (args: ReadyArgs) => void): void;
  render(ux: unknown): number;
  flush(): void;
  profileId(): string | null;
  helpers: Helpers;
  getState(): { plugins: { tracardi: { initialized: boolean } } };
}

/** Tracardi's `helpers`: `track` always fires and resolves to `{data}`. */
export interface Helpers {
  track(type: string, properties?: Record<string, unknown>, options?: TrackOptions): Promise<{ data: TrackResponse } | null>;
  onClick(el: EventTarget, fn: EventListener): void;
  addListener(el: EventTarget, event: string, fn: EventListener): void;
}

interface Pending {
  event: WireEvent;
  done: (res: TrackResponse | null) => void;
}

/** Events held while waiting for consent are capped, so a page that never asks cannot grow memory without bound. */
const MAX_HELD = 200;

function granted(choice: unknown): boolean {
  return choice === true || (typeof choice === 'object' && choice !== null && Object.values(choice).includes(true));
}

/** Every purpose named by the earlier or the new decision, refused: what a withdrawal tells the server. */
function refusals(before: ConsentChoice | null, now: ConsentChoice): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const d of [before, now]) if (typeof d === 'object' && d !== null) for (const k of Object.keys(d)) out[k] = false;
  return out;
}

function storedConsent(): ConsentChoice | null {
  const raw = load(CONSENT_KEY);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as ConsentChoice;
  } catch {
    return null;
  }
}

/** Creates the tracker. `disabled` (Do Not Track) makes every call a no-op that sends and stores nothing. */
export function createTracker(cfg: Config, disabled: boolean, version: string): Tracker {
  let decision = storedConsent();
  let allowed = decision === null ? !cfg.requireConsent : granted(decision);
  let loaded = document.readyState === 'complete';
  let profile = cfg.staticProfileId ?? load(PROFILE_KEY);
  let pending: Pending[] = [];
  let timer = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let ready: TrackResponse | null = null;
  const readyFns: Array<(args: ReadyArgs) => void> = [];

  function payload(events: WireEvent[]): TrackPayload {
    const timing = performanceContext(cfg.flags);
    if (timing) for (const e of events) e.context.performance ??= timing;
    const context = sessionContext(cfg.flags);
    if (decision !== null && typeof decision === 'object') context.consent = decision;
    return {
      source: { id: cfg.sourceId },
      session: { id: touchSession() },
      profile: profile ? { id: profile } : null,
      context,
      properties: {},
      events,
      options: {},
    };
  }

  function notifyReady(res: TrackResponse): void {
    const args: ReadyArgs = { tracker: api, helpers: api.helpers, context: res, config: cfg };
    const legacy = (window as unknown as { onTracardiReady?: { call?: (a: unknown) => void } }).onTracardiReady;
    const fns = [...(cfg.onReady ? [cfg.onReady] : []), ...readyFns];
    if (typeof legacy?.call === 'function') fns.push((a) => legacy.call!(a));
    for (const fn of fns) {
      try {
        fn(args);
      } catch (err) {
        console.warn('[tessera] onReady listener failed:', err);
      }
    }
  }

  // A widget's answer is an ordinary event, marked in its context; a link click is leaving, so it goes as a beacon.
  const answer: AnswerFn = (event, widget, leaving) => {
    const context = { widget: { type: widget.type, ...(widget.id ? { id: widget.id } : {}) } };
    void api.track(event.type, event.properties ?? {}, leaving ? { asBeacon: true, context } : { fire: true, context });
  };

  function handle(res: TrackResponse): void {
    // Consent may have been withdrawn while the request was in flight: then nothing is stored or shown.
    if (!allowed) return;
    const pid = res.profile?.id;
    if (pid && !cfg.staticProfileId) {
      profile = pid;
      save(PROFILE_KEY, pid);
    }
    const sid = res.session?.id;
    if (sid && sid !== readCookie(SESSION_COOKIE)) touchSession(sid);
    renderUx(res.ux, answer);
    if (ready === null) {
      ready = res;
      notifyReady(res);
    }
  }

  // Sends are chained so the first response's profile id is known before the next request leaves; otherwise a
  // `fire` racing the page-load batch would make the server create two profiles for one new visitor.
  function send(batch: Pending[]): void {
    chain = chain.then(async () => {
      if (!allowed) return batch.forEach((p) => p.done(null));
      const res = await post(cfg.api, payload(batch.map((p) => p.event)));
      if (res) handle(res);
      batch.forEach((p) => p.done(res));
    });
  }

  function sendBeacon(batch: Pending[]): void {
    beacon(cfg.api, payload(batch.map((p) => p.event)));
    batch.forEach((p) => p.done(null));
  }

  function flush(): void {
    clearTimeout(timer);
    if (!allowed || pending.length === 0) return;
    const batch = pending;
    pending = [];
    send(batch);
  }

  function schedule(): void {
    clearTimeout(timer);
    // Calls made in the same task after load still share one request.
    timer = setTimeout(flush, 0) as unknown as number;
  }

  function leave(): void {
    if (!allowed || pending.length === 0) return;
    clearTimeout(timer);
    const batch = pending;
    pending = [];
    sendBeacon(batch);
  }

  const api: Tracker = {
    version,
    track(type, properties = {}, options = {}) {
      if (disabled) return Promise.resolve(null);
      if (typeof type !== 'string' || type.trim() === '') {
        console.warn('[tessera] track() needs a non-empty event type');
        return Promise.resolve(null);
      }
      const { context: extra, ...wireOptions } = options ?? {};
      const event: WireEvent = {
        type,
        properties: typeof properties === 'object' && properties !== null && !Array.isArray(properties) ? properties : {},
        options: wireOptions,
        context: { ...eventContext(cfg.flags), ...(extra ?? {}) },
        time: { create: new Date().toISOString() },
      };
      return new Promise((done) => {
        const item = { event, done };
        if (!allowed) {
          // Held only while the visitor has not decided yet; after a refusal, events are dropped.
          if (decision === null && pending.length < MAX_HELD) pending.push(item);
          else done(null);
        } else if (options?.asBeacon) sendBeacon([item]);
        else if (options?.fire) send([item]);
        else {
          pending.push(item);
          if (loaded) schedule();
        }
      });
    },
    consent(choice) {
      if (disabled) return;
      const before = decision;
      const wasAllowed = allowed;
      decision = choice;
      save(CONSENT_KEY, JSON.stringify(choice));
      allowed = granted(choice);
      if (allowed) {
        if (loaded) schedule();
        return;
      }
      // Withdrawn: drop what was waiting and forget who this visitor is.
      pending.forEach((p) => p.done(null));
      pending = [];
      // One last beacon records the withdrawal of the purposes the server was told about, so a consent recorded on
      // the profile does not outlive the visitor's choice. Nothing else is ever sent after it.
      const refused = refusals(before, choice);
      if (wasAllowed && profile && Object.keys(refused).length > 0) {
        const withdrawal = payload([{ type: 'consent-withdrawn', properties: refused, options: {}, context: eventContext(cfg.flags), time: { create: new Date().toISOString() } }]);
        withdrawal.context.consent = refused;
        beacon(cfg.api, withdrawal);
      }
      if (!cfg.staticProfileId) profile = null;
      forgetIdentity();
    },
    onReady(fn) {
      if (typeof fn !== 'function') return;
      if (ready !== null) fn({ tracker: api, helpers: api.helpers, context: ready, config: cfg });
      else readyFns.push(fn);
    },
    render(ux) {
      return renderUx(Array.isArray(ux) ? ux : [ux], answer);
    },
    flush,
    profileId: () => profile,
    helpers: {
      track: (type, properties, options) => api.track(type, properties, { ...options, fire: true }).then((r) => (r ? { data: r } : null)),
      onClick: (el, fn) => el.addEventListener('click', fn),
      addListener: (el, event, fn) => el.addEventListener(event, fn),
    },
    getState: () => ({ plugins: { tracardi: { initialized: true } } }),
  };

  if (!disabled) {
    if (!loaded) {
      addEventListener('load', () => {
        loaded = true;
        flush();
      });
    }
    addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') leave();
    });
    decorateExternalLinks(cfg.externalDomains, () => (allowed ? profile : null), cfg.sourceId);
    for (const [type, properties] of cfg.autoEvents) void api.track(type, properties);
    if (loaded) schedule();
  }
  return api;
}
