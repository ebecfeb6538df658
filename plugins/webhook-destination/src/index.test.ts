import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

// The SSRF guard refuses loopback unless the host policy allows it, exactly as an operator would for a local receiver.
const h = createHarness({ runtime: { allowPrivateAddresses: ['127.0.0.1'] } });
const dir = new URL('..', import.meta.url);
const world = {
  profile: { id: 'p1', traits: { plan: 'pro' }, pii: { email: 'ann@example.com' } },
  event: { id: 'e1', type: 'purchase', properties: { total: 42 } },
  session: { id: 's1' },
  input: { payload: { trigger: 'event', destination: { id: 'd1', name: 'CRM' } } },
};
let server: Server;
let base: string;
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const status = Number(/^\/status\/(\d+)/.exec(req.url ?? '')?.[1] ?? 204);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 400 ? 'nope' : '');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await h.close();
  await new Promise((r) => server.close(r));
});

describe('webhook destination in the sandbox', () => {
  it('posts the event, profile and session by default; 2xx goes out of `response`', async () => {
    const r = await h.run({ dir, ...world, config: { url: `${base}/hook`, allowlist: ['127.0.0.1'] } });
    expect(r.error).toBeUndefined();
    expect(r.results).toEqual([{ port: 'response', payload: { status: 204 } }]);
    const last = seen.at(-1)!;
    expect([last.method, last.url, last.headers['content-type']]).toEqual(['POST', '/hook', 'application/json']);
    expect(JSON.parse(last.body)).toMatchObject({
      trigger: 'event', destination: { id: 'd1', name: 'CRM' },
      event: { id: 'e1', type: 'purchase', properties: { total: 42 } }, profile: { id: 'p1', pii: { email: 'ann@example.com' } }, session: { id: 's1' },
    });
  });

  it('renders URL, headers and bodyTemplate, and adds the bearer token of its auth resource', async () => {
    const r = await h.run({ dir, ...world, resources: { auth: { token: 'tok-123' }, other: { token: 'not-declared' } }, config: {
      url: `${base}/t/{{event@type}}`, method: 'PUT', allowlist: ['127.0.0.1'], headers: { 'x-plan': '{{profile@traits.plan}}' },
      bodyTemplate: { email: '{{profile@pii.email}}', total: '{{event@properties.total}}', via: '{{payload@destination.name}}' },
    } });
    expect(r.error).toBeUndefined();
    const last = seen.at(-1)!;
    expect([last.method, last.url, last.headers['x-plan'], last.headers.authorization]).toEqual(['PUT', '/t/purchase', 'pro', 'Bearer tok-123']);
    expect(JSON.parse(last.body)).toEqual({ email: 'ann@example.com', total: 42, via: 'CRM' });
  });

  it('5xx and 429 are operational (the host retries); other 4xx are user errors (dead letter at once)', async () => {
    const five = await h.run({ dir, ...world, config: { url: `${base}/status/503`, allowlist: ['127.0.0.1'] } });
    expect(five.error).toMatchObject({ code: 'fetch_failed', kind: 'operational' });
    expect(five.error?.message).toMatch(/answered 503/);
    const many = await h.run({ dir, ...world, config: { url: `${base}/status/429`, allowlist: ['127.0.0.1'] } });
    expect(many.error?.kind).toBe('operational');
    const four = await h.run({ dir, ...world, config: { url: `${base}/status/400`, allowlist: ['127.0.0.1'] } });
    expect(four.error).toMatchObject({ code: 'destination_rejected', kind: 'user' });
  });

  it('refuses hosts outside its allowlist before any request, and loopback without the operator setting', async () => {
    const before = seen.length;
    const r = await h.run({ dir, ...world, config: { url: `${base}/x`, allowlist: ['hooks.example.com'] } });
    expect(r.error?.code).toBe('host_not_allowed');
    const strict = createHarness();
    try {
      const blocked = await strict.run({ dir, ...world, config: { url: `${base}/x`, allowlist: ['127.0.0.1'] } });
      expect(blocked.error?.code).toBe('ssrf_blocked');
    } finally {
      await strict.close();
    }
    expect(seen.length).toBe(before);
  });
});
