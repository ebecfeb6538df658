/**
 * Identity kept in the browser. Names are Tracardi's, so visitors keep their session and profile when a site moves
 * from Tracardi to Tessera. Every access is guarded: storage can be disabled or full, and a tracker must not throw.
 */

/** Session cookie name (Tracardi's). */
export const SESSION_COOKIE = 'tracardi-session-id';
/** localStorage key of the profile id (Tracardi's). */
export const PROFILE_KEY = 'tracardi-profile-id';
/** localStorage key remembering a consent decision, so later pages need not ask again. */
export const CONSENT_KEY = 'tessera-consent';

const SESSION_SECONDS = 30 * 60;

/** A random v4 UUID. `crypto.randomUUID` exists only in secure contexts; `getRandomValues` works on plain http too. */
export function uuid(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The value of a cookie of this page, or null. */
export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

function writeCookie(name: string, value: string, seconds: number): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${encodeURIComponent(value)}; Max-Age=${seconds}; Path=/; SameSite=Lax${secure}`;
}

/** The current session id; each call pushes the cookie's expiry 30 minutes ahead (a sliding session). */
export function touchSession(next?: string): string {
  const id = next ?? readCookie(SESSION_COOKIE) ?? uuid();
  writeCookie(SESSION_COOKIE, id, SESSION_SECONDS);
  return id;
}

/** Reads a localStorage key, or null when storage is unavailable. */
export function load(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Writes (or, with null, removes) a localStorage key; silently does nothing when storage is unavailable. */
export function save(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Private mode or a full quota: tracking continues without persistence.
  }
}

/** Forgets every identifier this tracker stored (consent withdrawn). */
export function forgetIdentity(): void {
  writeCookie(SESSION_COOKIE, '', 0);
  save(PROFILE_KEY, null);
}
