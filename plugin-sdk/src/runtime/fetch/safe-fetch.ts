import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { HostOpError } from '../errors.ts';
import { hostAllowed, isPrivateAddress } from './address.ts';

/** What the host allows for one plugin's fetches. */
export interface FetchPolicy {
  /** `permissions.network` of the manifest. */
  allowHosts: readonly string[];
  /** Administrator exceptions to the private-address block. */
  privateAllowed: (ip: string) => boolean;
  timeoutMs: number;
  maxResponseBytes: number;
  maxRequestBytes: number;
  maxRedirects: number;
  lookup?: LookupFunction;
}

/** Request as sent by the plugin (already JSON-copied out of the isolate). */
export interface SafeFetchInit {
  method?: unknown;
  headers?: unknown;
  body?: unknown;
  json?: unknown;
  timeoutMs?: unknown;
}

/** The response handed back to the plugin. */
export interface SafeFetchResponse {
  status: number;
  statusText: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'proxy-authorization', 'te', 'trailer']);
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function fail(code: ConstructorParameters<typeof HostOpError>[0], message: string): never {
  throw new HostOpError(code, message);
}

function checkUrl(raw: string, policy: FetchPolicy): URL {
  let url: URL;
  try { url = new URL(raw); } catch { fail('invalid_url', `ctx.fetch: "${raw.slice(0, 200)}" is not an absolute URL`); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('invalid_url', `ctx.fetch: only http and https URLs are allowed, not ${url.protocol}`);
  if (!hostAllowed(url.hostname, policy.allowHosts)) {
    fail('host_not_allowed', `ctx.fetch: host "${url.hostname}" is not in permissions.network (${policy.allowHosts.join(', ') || 'empty'})`);
  }
  return url;
}

/** Resolves the host and refuses if ANY of its addresses is private (unless the administrator allowed it). */
async function resolveChecked(url: URL, policy: FetchPolicy): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    const lookup = policy.lookup ?? (dnsLookup as unknown as LookupFunction);
    addresses = await new Promise((resolve, reject) => {
      lookup(host, { all: true }, (err, result) => {
        if (err) reject(new HostOpError('fetch_failed', `ctx.fetch: cannot resolve "${host}": ${err.code ?? err.message}`));
        else resolve(Array.isArray(result) ? result : [{ address: result as unknown as string, family: 4 }]);
      });
    });
  }
  if (addresses.length === 0) fail('fetch_failed', `ctx.fetch: "${host}" has no address`);
  for (const a of addresses) {
    if (isPrivateAddress(a.address) && !policy.privateAllowed(a.address)) {
      fail('ssrf_blocked', `ctx.fetch: "${host}" resolves to ${a.address}, a private/loopback/link-local address; the administrator has not allowed it`);
    }
  }
  return addresses[0];
}

function requestHeaders(init: SafeFetchInit): Record<string, string> {
  const out: Record<string, string> = {};
  if (init.headers && typeof init.headers === 'object') {
    for (const [k, v] of Object.entries(init.headers as Record<string, unknown>)) {
      const key = k.toLowerCase();
      if (!HOP_HEADERS.has(key) && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) out[key] = String(v);
    }
  }
  return out;
}

function once(url: URL, pinned: { address: string; family: number }, method: string, headers: Record<string, string>, body: Buffer | undefined, policy: FetchPolicy, signal: AbortSignal): Promise<{ res: http.IncomingMessage; body: Buffer | null }> {
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    // The socket connects to the address we checked, never to a second DNS answer (no DNS rebinding).
    const lookup: LookupFunction = (_h, opts, cb) => {
      if ((opts as { all?: boolean }).all) (cb as unknown as (e: null, a: unknown[]) => void)(null, [pinned]);
      else cb(null, pinned.address, pinned.family);
    };
    const req = mod.request(url, { method, headers: body ? { ...headers, 'content-length': String(body.length) } : headers, lookup, signal, agent: false }, (res) => {
      if (REDIRECTS.has(res.statusCode ?? 0) && res.headers.location) {
        res.resume();
        resolve({ res, body: null });
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > policy.maxResponseBytes) {
          req.destroy();
          reject(new HostOpError('fetch_response_too_large', `ctx.fetch: the response is larger than ${policy.maxResponseBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * The fetch behind `ctx.fetch`: http(s) only, host on the allowlist, private addresses refused after DNS resolution
 * and again on every redirect (followed manually), body and time capped.
 */
export async function safeFetch(rawUrl: string, init: SafeFetchInit, policy: FetchPolicy, callSignal: AbortSignal): Promise<SafeFetchResponse> {
  const timeoutMs = typeof init.timeoutMs === 'number' && init.timeoutMs > 0 ? Math.min(init.timeoutMs, policy.timeoutMs) : policy.timeoutMs;
  const signal = AbortSignal.any([callSignal, AbortSignal.timeout(timeoutMs)]);
  const hasBody = init.json !== undefined || (init.body !== undefined && init.body !== null);
  let method = typeof init.method === 'string' ? init.method.toUpperCase() : hasBody ? 'POST' : 'GET';
  let headers = requestHeaders(init);
  let body: Buffer | undefined;
  if (init.json !== undefined) {
    body = Buffer.from(JSON.stringify(init.json));
    headers['content-type'] ??= 'application/json';
  } else if (init.body !== undefined && init.body !== null) {
    body = Buffer.from(String(init.body));
  }
  if (body && body.length > policy.maxRequestBytes) fail('invalid_argument', `ctx.fetch: the request body is larger than ${policy.maxRequestBytes} bytes`);
  let url = checkUrl(rawUrl, policy);
  try {
    for (let hop = 0; ; hop++) {
      const pinned = await resolveChecked(url, policy);
      const { res, body: resBody } = await once(url, pinned, method, headers, body, policy, signal);
      const status = res.statusCode ?? 0;
      if (resBody === null) {
        if (hop >= policy.maxRedirects) fail('fetch_too_many_redirects', `ctx.fetch: more than ${policy.maxRedirects} redirects`);
        const next = checkUrl(new URL(res.headers.location!, url).toString(), policy);
        if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
        // Credentials must not follow a redirect to another origin.
        if (next.origin !== url.origin) { delete headers.authorization; delete headers.cookie; }
        url = next;
        continue;
      }
      const outHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) outHeaders[k] = Array.isArray(v) ? v.join(', ') : v;
      return { status, statusText: res.statusMessage ?? '', url: url.toString(), headers: outHeaders, body: resBody.toString('utf8') };
    }
  } catch (err) {
    if (err instanceof HostOpError) throw err;
    if (signal.aborted) {
      if (callSignal.aborted) fail('call_finished', 'ctx.fetch: the call finished before the response arrived');
      fail('fetch_timeout', `ctx.fetch: no complete response from ${url.host} within ${timeoutMs} ms`);
    }
    fail('fetch_failed', `ctx.fetch: ${url.host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}
