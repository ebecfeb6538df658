/**
 * `http-request`: calls an HTTP API. Method, URL, headers and body are templates. The rendered URL's host must be in
 * the node's `allowlist`, so event data can never steer the call to another host; the manifest's network permission
 * and the host's SSRF guard apply on top. 2xx answers go out of `response`, other statuses out of `error`; a failed
 * connection or a timeout throws an operational error, which the node's retry policy can retry.
 */
import { definePlugin } from '@tessera/plugin-sdk';
import { renderTemplate, reshape, scopeOf } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface HttpRequestConfig {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  allowlist: string[];
  timeoutMs: number;
}

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

// Isolates have no URL class; this accepts exactly what the SDK's fetch will accept, and exposes the host to check.
const URL_RE = /^(https?):\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?([/?#][^\s]*)?$/;

function parseUrl(url: string): { host: string; hostname: string } {
  const m = URL_RE.exec(url);
  if (!m) fail('invalid_url', `the URL '${url}' is not a valid http(s) URL`);
  const hostname = m[2].replace(/^\[|\]$/g, '').toLowerCase();
  return { hostname, host: m[3] ? `${m[2]}:${m[3]}` : m[2] };
}

function hostAllowed(host: string, allowlist: string[]): boolean {
  const h = host.toLowerCase();
  return allowlist.some((raw) => {
    const p = raw.toLowerCase();
    return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : h === p;
  });
}

export default definePlugin<HttpRequestConfig>({
  async run(input, ctx) {
    const view = scopeOf(ctx, input.payload);
    const url = String(renderTemplate(ctx.config.url, view) ?? '');
    const parsed = parseUrl(url);
    if (!hostAllowed(parsed.hostname, ctx.config.allowlist)) fail('host_not_allowed', `host '${parsed.hostname}' is not in this node's allowlist (${ctx.config.allowlist.join(', ')})`);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ctx.config.headers ?? {})) headers[k] = String(renderTemplate(v, view) ?? '');
    const method = ctx.config.method ?? 'POST';
    const init: { method: string; headers: Record<string, string>; timeoutMs: number; body?: string; json?: unknown } = { method, headers, timeoutMs: ctx.config.timeoutMs ?? 5000 };
    if (ctx.config.body !== undefined && method !== 'GET' && method !== 'HEAD') {
      const body = reshape(ctx.config.body, view);
      if (typeof body === 'string') init.body = body; else init.json = body;
    }
    const res = await ctx.fetch(url, init);
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers['content-type'] ?? '').includes('json')) {
      try { body = JSON.parse(text); } catch { /* keep the text: the API lied about its content type */ }
    }
    const result = { status: res.status, headers: res.headers, body };
    if (res.ok) return { port: 'response', payload: result };
    return { port: 'error', payload: { ...result, message: `${method} ${parsed.host} answered ${res.status} ${res.statusText}` } };
  },
});
