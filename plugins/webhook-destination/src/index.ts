/**
 * `webhook-destination`: sends an event or a changed profile to an HTTP endpoint. URL, headers and body are templates
 * over the event, profile and session the host hands the destination (filtered by this manifest's permissions).
 * The rendered URL's host must be in the destination's `allowlist`, so event data can never steer the call elsewhere;
 * the manifest's network permission and the host's SSRF guard apply on top.
 *
 * Credentials come from the administrator's `auth` resource (`{token}` → `Authorization: Bearer`, or `{headers}`),
 * never from the configuration. Outcome: 2xx → `response`; 408, 429 and 5xx throw `fetch_failed` (operational: the
 * host retries with backoff); other statuses throw `destination_rejected` (retrying cannot help).
 */
import { defineDestination } from '@tessera/plugin-sdk';
import { renderTemplate, reshape, scopeOf } from '@tessera/plugin-sdk/condition';

/** Destination configuration. */
export interface WebhookConfig {
  url: string;
  method: 'POST' | 'PUT' | 'PATCH';
  headers: Record<string, string>;
  bodyTemplate?: unknown;
  allowlist: string[];
  timeoutMs: number;
}

/** The `auth` resource an administrator may attach. */
interface AuthResource {
  token?: unknown;
  headers?: unknown;
}

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

// Isolates have no URL class; this accepts exactly what the SDK's fetch will accept, and exposes the host to check.
const URL_RE = /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?([/?#][^\s]*)?$/;

function hostnameOf(url: string): string {
  const m = URL_RE.exec(url);
  if (!m) fail('invalid_url', `the URL '${url}' is not a valid http(s) URL`);
  return m[2].replace(/^\[|\]$/g, '').toLowerCase();
}

function hostAllowed(host: string, allowlist: string[]): boolean {
  return allowlist.some((raw) => {
    const p = raw.toLowerCase();
    return p.startsWith('*.') ? host.endsWith(p.slice(1)) && host.length > p.length - 1 : host === p;
  });
}

function authHeaders(auth: AuthResource | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!auth || typeof auth !== 'object') return out;
  if (auth.headers && typeof auth.headers === 'object') {
    for (const [k, v] of Object.entries(auth.headers as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  if (typeof auth.token === 'string' && auth.token !== '') out.authorization = `Bearer ${auth.token}`;
  return out;
}

export default defineDestination<WebhookConfig>({
  async run(input, ctx) {
    const payload = (input.payload ?? {}) as Record<string, unknown>;
    const view = scopeOf(ctx, payload);
    const url = String(renderTemplate(ctx.config.url, view) ?? '');
    const host = hostnameOf(url);
    if (!hostAllowed(host, ctx.config.allowlist)) fail('host_not_allowed', `host '${host}' is not in this destination's allowlist (${ctx.config.allowlist.join(', ')})`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.config.headers ?? {})) headers[k] = String(renderTemplate(v, view) ?? '');
    Object.assign(headers, authHeaders(ctx.resources.auth as AuthResource | undefined));
    const body = ctx.config.bodyTemplate === undefined
      ? { trigger: payload.trigger ?? null, destination: payload.destination ?? null, event: ctx.event ?? null, profile: ctx.profile ?? null, session: ctx.session ?? null }
      : reshape(ctx.config.bodyTemplate, view);
    const method = ctx.config.method ?? 'POST';
    const init = typeof body === 'string'
      ? { method, headers, body, timeoutMs: ctx.config.timeoutMs ?? 5000 }
      : { method, headers, json: body, timeoutMs: ctx.config.timeoutMs ?? 5000 };
    const res = await ctx.fetch(url, init);
    if (res.ok) return { port: 'response', payload: { status: res.status } };
    const text = (await res.text()).slice(0, 300);
    const message = `${method} ${host} answered ${res.status} ${res.statusText}${text ? `: ${text}` : ''}`;
    if (res.status === 408 || res.status === 429 || res.status >= 500) fail('fetch_failed', message);
    fail('destination_rejected', message);
  },
});
