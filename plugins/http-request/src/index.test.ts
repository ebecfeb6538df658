import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

// The SSRF guard refuses loopback unless the host policy allows it, exactly as an operator would for a local API.
const h = createHarness({ runtime: { allowPrivateAddresses: ['127.0.0.1'] } });
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: {}, pii: { email: 'ann@example.com' } }, event: { id: 'e1', type: 'signup', properties: { plan: 'pro' } }, session: {} };
let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      if (req.url?.startsWith('/fail')) { res.writeHead(500, { 'content-type': 'text/plain' }); res.end('boom'); return; }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, got: body ? JSON.parse(body) : null }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h.close();
  await new Promise((r) => server.close(r));
});

describe('http-request plugin in the sandbox', () => {
  it('sends templated URL, headers and JSON body; 2xx goes out of `response`', async () => {
    const r = await h.run({ dir, ...world, config: {
      url: `${base}/hook/{{event@type}}`, allowlist: ['127.0.0.1'], headers: { 'x-plan': '{{event@properties.plan}}' },
      body: { email: '{{profile@pii.email}}' },
    } });
    expect(r.error).toBeUndefined();
    expect(r.results[0].port).toBe('response');
    expect((r.results[0].payload as { status: number; body: unknown }).body).toEqual({ ok: true, got: { email: 'ann@example.com' } });
    const last = seen.at(-1)!;
    expect([last.method, last.url, last.headers['x-plan']]).toEqual(['POST', '/hook/signup', 'pro']);
  });
  it('sends non-2xx answers out of `error`', async () => {
    const r = await h.run({ dir, ...world, config: { url: `${base}/fail`, method: 'GET', allowlist: ['127.0.0.1'] } });
    expect(r.results[0].port).toBe('error');
    expect(r.results[0].payload).toMatchObject({ status: 500, body: 'boom' });
  });
  it('refuses hosts outside the node allowlist before any request', async () => {
    const before = seen.length;
    const r = await h.run({ dir, ...world, config: { url: `${base}/x`, allowlist: ['api.example.com'] } });
    expect(r.error?.code).toBe('host_not_allowed');
    expect(seen.length).toBe(before);
  });
  it('throws an operational error when the connection fails, so retry policies apply', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const port = (dead.address() as AddressInfo).port;
    await new Promise((r) => dead.close(r));
    const r = await h.run({ dir, ...world, config: { url: `http://127.0.0.1:${port}/`, allowlist: ['127.0.0.1'] } });
    expect(r.error?.kind).toBe('operational');
  });
});
