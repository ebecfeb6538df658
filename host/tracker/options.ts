/**
 * Reads the snippet options. The shape is Tracardi's (`tracker.url.api`, `tracker.source.id`, `tracker.context`,
 * `tracker.settings`, `listeners`), so a Tracardi snippet keeps working when only its URLs change.
 */
import type { TrackResponse } from './wire.ts';

/** Which parts of the browser context are sent; Tracardi's flags and defaults. */
export interface ContextFlags {
  browser: boolean;
  screen: boolean;
  page: boolean;
  storage: boolean;
  cookies: boolean;
  performance: boolean;
  utm: boolean;
  tracardiPass: boolean;
}

/** Arguments handed to `onReady` listeners: Tracardi passes the `/track` response as `context`. */
export interface ReadyArgs {
  tracker: unknown;
  helpers: unknown;
  context: TrackResponse;
  config: Config;
}

/** The normalised configuration the tracker runs with. */
export interface Config {
  api: string;
  sourceId: string;
  staticProfileId: string | null;
  flags: ContextFlags;
  externalDomains: string[];
  respectDoNotTrack: boolean;
  requireConsent: boolean;
  autoEvents: Array<[string, Record<string, unknown>]>;
  onInit: ((args: unknown) => void) | null;
  onReady: ((args: ReadyArgs) => void) | null;
}

type Loose = Record<string, any>;

// Tracardi: page, browser and screen are on unless false; storage, cookies and performance only when true;
// utm and tracardiPass default to on.
function flags(ctx: Loose | undefined): ContextFlags {
  const c = ctx ?? {};
  return {
    browser: c.browser !== false,
    screen: c.screen !== false,
    page: c.page !== false,
    storage: c.storage === true,
    cookies: c.cookies === true,
    performance: c.performance === true,
    utm: c.utm !== false,
    tracardiPass: c.tracardiPass !== false,
  };
}

function fn<T>(v: unknown): T | null {
  return typeof v === 'function' ? (v as T) : null;
}

/** Turns raw snippet options into a {@link Config}, or explains what is missing. */
export function readOptions(raw: unknown): Config | string {
  const o = (raw ?? {}) as Loose;
  const t = (o.tracker ?? {}) as Loose;
  const api = t.url?.api;
  const sourceId = t.source?.id;
  if (typeof api !== 'string' || api === '') return 'options.tracker.url.api is missing';
  if (typeof sourceId !== 'string' || sourceId.trim() === '') return 'options.tracker.source.id is missing';
  const settings = (t.settings ?? {}) as Loose;
  const domains = settings.trackExternalLinks;
  const auto = Array.isArray(t.auto?.events) ? (t.auto.events as unknown[]) : [];
  return {
    api: api.replace(/\/+$/, ''),
    sourceId: sourceId.trim(),
    staticProfileId: typeof t.profile?.id === 'string' ? t.profile.id : null,
    flags: flags(t.context),
    externalDomains: Array.isArray(domains) ? domains.filter((d): d is string => typeof d === 'string' && d !== '') : [],
    respectDoNotTrack: settings.respectDoNotTrack === true,
    requireConsent: t.requireConsent === true || settings.requireConsent === true,
    autoEvents: auto
      .filter((e): e is [string, Record<string, unknown>?] => Array.isArray(e) && typeof e[0] === 'string')
      .map((e) => [e[0], (e[1] ?? {}) as Record<string, unknown>]),
    onInit: fn(o.listeners?.onInit),
    onReady: fn(o.listeners?.onReady),
  };
}
