/**
 * How the `tessera plugins` and `tessera registry-users` commands reach a running host: its management API, so the
 * same checks, permissions, audit records and cross-host notifications apply as for the GUI.
 *
 * Where: `TESSERA_URL` (default `http://127.0.0.1:$PORT`). Who: `TESSERA_TOKEN`, or `TESSERA_EMAIL`/`TESSERA_PASSWORD`
 * (falling back to `TESSERA_ADMIN_EMAIL`/`TESSERA_ADMIN_PASSWORD`) exchanged for a token.
 */

/** A failed API call, with the API's error body. */
export class ApiCallError extends Error {
  override name = 'ApiCallError';
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Calls the management API as the configured user. */
export interface ApiClient {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

/** Creates the client from the environment. */
export function apiClientFromEnv(env: NodeJS.ProcessEnv = process.env): ApiClient {
  const base = (env.TESSERA_URL ?? `http://127.0.0.1:${env.PORT ?? 8686}`).replace(/\/+$/, '');
  let token = env.TESSERA_TOKEN ?? null;

  async function raw(method: string, path: string, body: unknown, auth: string | null): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new ApiCallError(0, 'host_unreachable', `cannot reach the Tessera host at ${base} (${(err as Error).message}); start it or set TESSERA_URL`, undefined);
    }
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const e = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
      throw new ApiCallError(res.status, e?.code ?? 'http_error', e?.message ?? `HTTP ${res.status}`, e?.details);
    }
    return parsed;
  }

  async function ensureToken(): Promise<string> {
    if (token) return token;
    const email = env.TESSERA_EMAIL ?? env.TESSERA_ADMIN_EMAIL;
    const password = env.TESSERA_PASSWORD ?? env.TESSERA_ADMIN_PASSWORD;
    if (!email || !password) {
      throw new ApiCallError(401, 'unauthenticated', 'set TESSERA_TOKEN, or TESSERA_EMAIL and TESSERA_PASSWORD, to act on the Tessera host', undefined);
    }
    token = ((await raw('POST', '/api/auth/token', { email, password }, null)) as { token: string }).token;
    return token;
  }

  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      return (await raw(method, path, body, await ensureToken())) as T;
    },
  };
}

/** Splits `name@version` (scoped names keep their leading `@`). */
export function splitSpec(spec: string | undefined): { name: string; version: string } | null {
  if (!spec) return null;
  const at = spec.lastIndexOf('@');
  if (at <= 0) return null;
  return { name: spec.slice(0, at), version: spec.slice(at + 1) };
}

/** Prints an API error the way a user wants to read it (message, then each detail line). */
export function formatApiError(err: unknown): string {
  if (!(err instanceof ApiCallError)) return err instanceof Error ? err.message : String(err);
  const details = err.details as { errors?: Array<{ path: string; message: string }>; flows?: Array<{ flowName: string }> } | undefined;
  const lines = [`${err.message} [${err.code}]`];
  for (const e of details?.errors ?? []) lines.push(`  ${e.path}: ${e.message}`);
  for (const f of details?.flows ?? []) lines.push(`  used by flow "${f.flowName}"`);
  return lines.join('\n');
}
