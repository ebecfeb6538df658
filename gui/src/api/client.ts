/**
 * The one HTTP client of the GUI. It adds the bearer token, decodes Tessera's `{ error: { code, message, details } }`
 * bodies into {@link ApiError}, and tells the auth store when the token stopped working.
 */

/** An error answered by the management API (or a network failure, with status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Options of one request. */
export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
}

const TOKEN_KEY = 'tessera.token';
let unauthorizedHandler: (() => void) | null = null;

/** The stored bearer token, or null when signed out. */
export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

/** Stores (or clears, with null) the bearer token. */
export function setToken(token: string | null): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
}

/** Registers what to do when the API answers 401 (the auth store signs out and routes to login). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

/** Builds `/api/...?a=b`, dropping empty query values so filters left blank do not filter. */
export function buildUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Sends one request to the management API and returns the decoded JSON body. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', 'The server cannot be reached. Check that Tessera is running.');
  }
  const text = await response.text();
  let body: unknown = undefined;
  if (text) {
    try { body = JSON.parse(text); } catch { body = text; }
  }
  if (!response.ok) {
    if (response.status === 401 && token && unauthorizedHandler) unauthorizedHandler();
    throw toApiError(response.status, body);
  }
  return body as T;
}

/** Decodes an error body; tolerates Fastify's own `{statusCode, code, message}` shape too. */
export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const e = (b.error && typeof b.error === 'object' ? b.error : b) as Record<string, unknown>;
    const code = typeof e.code === 'string' ? e.code : `http_${status}`;
    const message = typeof e.message === 'string' ? e.message : `Request failed (${status})`;
    return new ApiError(status, code, message, e.details ?? b.details);
  }
  return new ApiError(status, `http_${status}`, typeof body === 'string' && body ? body : `Request failed (${status})`);
}

/** A human sentence for anything thrown by {@link api}. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
