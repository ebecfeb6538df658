/**
 * Entry point of `tessera.js`. Reads the snippet options (`window.tesseraOptions`, or Tracardi's global `options`),
 * replaces the queueing stub at `window.tracker` and replays the calls it collected.
 *
 * Also works behind Tracardi's own loader, which expects `window.tracardi.default` and `getState()` once this
 * script has run: an existing Tracardi snippet only needs its URLs changed.
 */
import { readOptions } from './options.ts';
import { readCookie, SESSION_COOKIE } from './state.ts';
import { createTracker } from './tracker.ts';

// Tracardi snippets declare `const options = {...}` in a classic script: a global binding, not a window property.
declare const options: unknown;

const VERSION = '1';

type Stub = { q?: Array<[string, unknown[]]>; version?: string } | undefined;

function doNotTrack(): boolean {
  const n = navigator as Navigator & { globalPrivacyControl?: boolean };
  const w = window as unknown as { doNotTrack?: string };
  return n.doNotTrack === '1' || w.doNotTrack === '1' || n.globalPrivacyControl === true;
}

function boot(): void {
  const w = window as unknown as Record<string, unknown>;
  const stub = w.tracker as Stub;
  if (stub?.version) return; // already loaded: a second copy must not double-send
  const raw = w.tesseraOptions ?? (typeof options !== 'undefined' ? options : undefined);
  const cfg = readOptions(raw);
  if (typeof cfg === 'string') {
    console.warn(`[tessera] tracker not started: ${cfg}`);
    return;
  }
  const tracker = createTracker(cfg, cfg.respectDoNotTrack && doNotTrack(), VERSION);
  w.tracker = tracker;
  w.tracardi = { default: tracker };
  const queued = Array.isArray(stub?.q) ? stub.q : [];
  for (const [method, args] of queued) {
    const fn = (tracker as unknown as Record<string, unknown>)[method];
    if (typeof fn === 'function') fn.apply(tracker, args);
  }
  if (cfg.onInit) {
    const init = cfg.onInit;
    const run = (): void => {
      try {
        init({ tracker, helpers: tracker.helpers, session: { id: readCookie(SESSION_COOKIE) } });
      } catch (err) {
        console.warn('[tessera] onInit listener failed:', err);
      }
    };
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', run);
    else run();
  }
}

boot();
