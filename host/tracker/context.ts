/**
 * Builds the `context` objects of a TrackerPayload in Tracardi's shape, honouring the snippet's context flags.
 * The session-level context rides on the payload; page and performance data ride on each event.
 */
import type { ContextFlags } from './options.ts';

type Obj = Record<string, unknown>;

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'];

function storageDump(s: Storage): Obj {
  const out: Obj = {};
  for (let i = 0; i < s.length; i++) {
    const k = s.key(i);
    if (k !== null) out[k] = s.getItem(k);
  }
  return out;
}

function cookieDump(): Obj {
  const out: Obj = {};
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}

let captured: { profile: string; source: string | null } | null | undefined;

/**
 * `__tr_pid`/`__tr_src` from the address: a profile handed over by a decorated link on another domain. Read once,
 * then removed from the address bar, so a URL the visitor copies or shares does not hand their profile to others.
 */
export function passedProfile(): { profile: string; source: string | null } | null {
  if (captured !== undefined) return captured;
  const url = new URL(location.href);
  const profile = url.searchParams.get('__tr_pid');
  captured = profile ? { profile, source: url.searchParams.get('__tr_src') } : null;
  if (url.searchParams.has('__tr_pid') || url.searchParams.has('__tr_src')) {
    url.searchParams.delete('__tr_pid');
    url.searchParams.delete('__tr_src');
    try {
      history.replaceState(history.state, '', url.href);
    } catch {
      // Sandboxed documents may refuse history changes; the pass still works, the address just keeps it.
    }
  }
  return captured;
}

/** The payload-level context: time, browser, screen, storage, cookies, utm and cross-domain pass. */
export function sessionContext(flags: ContextFlags): Obj {
  const ctx: Obj = {
    time: { local: new Date().toString(), tz: Intl.DateTimeFormat().resolvedOptions().timeZone },
  };
  if (flags.browser) {
    const n = navigator;
    ctx.browser = {
      local: {
        browser: {
          appVersion: n.appVersion, userAgent: n.userAgent, language: n.language, languages: n.languages,
          onLine: n.onLine, cookieEnabled: n.cookieEnabled, javaEnabled: false,
        },
        device: { platform: n.platform },
      },
    };
  }
  if (flags.screen) {
    const s = screen;
    ctx.screen = {
      local: {
        width: s.width, height: s.height, innerWidth: innerWidth, innerHeight: innerHeight,
        availWidth: s.availWidth, availHeight: s.availHeight, colorDepth: s.colorDepth, pixelDepth: s.pixelDepth,
        orientation: s.orientation?.type,
      },
    };
  }
  if (flags.storage) {
    try {
      ctx.storage = { local: storageDump(localStorage), session: storageDump(sessionStorage) };
    } catch {
      // Storage access can throw (sandboxed frames, disabled storage); the context simply lacks it.
    }
  }
  if (flags.cookies) ctx.cookies = cookieDump();
  if (flags.utm) {
    const q = new URLSearchParams(location.search);
    const utm: Obj = {};
    for (const k of UTM_KEYS) {
      const v = q.get(`utm_${k}`);
      if (v !== null) utm[k] = v;
    }
    if (Object.keys(utm).length > 0) ctx.utm = utm;
  }
  const pass = flags.tracardiPass ? passedProfile() : null;
  if (pass) ctx.tracardi = { pass };
  return ctx;
}

function navigationTiming(): Obj | undefined {
  const nav = performance.getEntriesByType?.('navigation')[0];
  if (!nav) return undefined;
  const out: Obj = {};
  const raw = nav.toJSON() as Obj;
  for (const k of Object.keys(raw)) {
    const v = raw[k];
    if (typeof v === 'number') out[k] = Math.round(v);
    else if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The per-event context: the page the event happened on. */
export function eventContext(flags: ContextFlags): Obj {
  const ctx: Obj = {};
  if (flags.page) {
    let referer: Obj = {};
    if (document.referrer) {
      try {
        const r = new URL(document.referrer);
        referer = { host: r.host, query: r.search.slice(1) };
      } catch {
        // An unparsable referrer is left out rather than sent half-parsed.
      }
    }
    ctx.page = {
      url: location.href, path: location.pathname, hash: location.hash, title: document.title,
      referer, history: { length: history.length },
    };
  }
  return ctx;
}

/** Navigation timing for `context.performance`, read when a request leaves so it includes the load phases. */
export function performanceContext(flags: ContextFlags): Obj | undefined {
  return flags.performance ? navigationTiming() : undefined;
}
