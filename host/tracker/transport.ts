/**
 * Sends TrackerPayloads. Ordinary sends use `fetch` (no cookies: identity travels in the body, as in Tracardi);
 * beacons use `navigator.sendBeacon` with a plain string body, which the browser sends as `text/plain` — a CORS
 * "simple" request, so it needs no preflight that an unloading page could not wait for.
 */
import type { TrackPayload, TrackResponse } from './wire.ts';

// Browsers cap keepalive/beacon bodies at 64 KiB in total; stay below it.
const KEEPALIVE_LIMIT = 60_000;

/** Posts a payload and returns the parsed response, or null when it failed (a warning says why). */
export async function post(api: string, payload: TrackPayload): Promise<TrackResponse | null> {
  const body = JSON.stringify(payload);
  try {
    const res = await fetch(`${api}/track`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
      credentials: 'omit',
      keepalive: body.length < KEEPALIVE_LIMIT,
    });
    if (!res.ok) {
      console.warn(`[tessera] /track answered ${res.status}`);
      return null;
    }
    const data = (await res.json()) as TrackResponse | null;
    if (!data?.profile?.id) console.warn('[tessera] /track response has no profile id');
    return data;
  } catch (err) {
    console.warn('[tessera] /track failed:', err);
    return null;
  }
}

/** Queues a payload with `sendBeacon`, which survives the page being unloaded; falls back to a keepalive fetch. */
export function beacon(api: string, payload: TrackPayload): void {
  const body = JSON.stringify(payload);
  const url = `${api}/track`;
  if (typeof navigator.sendBeacon === 'function' && body.length < KEEPALIVE_LIMIT && navigator.sendBeacon(url, body)) return;
  fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body, credentials: 'omit', keepalive: true })
    .catch((err) => console.warn('[tessera] beacon failed:', err));
}
