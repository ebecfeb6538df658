import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.ts';
import { inlinePlugin } from '../../testing/inline-plugin.ts';

let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (req.url === '/missing') { res.statusCode = 404; res.end('{"error":"nope"}'); return; }
      if (req.url === '/hop') { res.writeHead(303, { location: '/echo' }); res.end(); return; }
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-seen-auth', String(req.headers.authorization ?? ''));
      res.end(JSON.stringify({ method: req.method, url: req.url, type: req.headers['content-type'] ?? null, body }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
// Loopback is private: the administrator allow-list is set explicitly for this suite.
const rt = createRuntime({ allowPrivateAddresses: ['127.0.0.1'] });
afterAll(async () => { await rt.close(); await new Promise((r) => server.close(r)); });

const fetcher = inlinePlugin(async function run(input: any, ctx: any) {
  const res = await ctx.fetch(input.payload.url, input.payload.init);
  return { port: 'payload', payload: { ok: res.ok, status: res.status, json: await res.json(), auth: res.headers['x-seen-auth'] ?? null, url: res.url } };
}, { permissions: { network: ['127.0.0.1'] } });

const run = (url: string, init?: unknown) => rt.run({ plugin: fetcher, config: {}, input: { port: 'payload', payload: { url, init } } });

describe('ctx.fetch', () => {
  it('sends JSON as a POST by default and parses the JSON answer', async () => {
    const r = await run(`${base}/echo`, { json: { a: 1 }, headers: { authorization: 'Bearer t', host: 'spoofed.example' } });
    expect(r.error).toBeUndefined();
    expect(r.results[0].payload).toEqual({
      ok: true, status: 200, auth: 'Bearer t', url: `${base}/echo`,
      json: { method: 'POST', url: '/echo', type: 'application/json', body: '{"a":1}' },
    });
  });

  it('reports non-2xx statuses without throwing', async () => {
    const r = await run(`${base}/missing`);
    expect(r.results[0].payload).toMatchObject({ ok: false, status: 404, json: { error: 'nope' } });
  });

  it('follows a 303 as GET to the new location, re-checked', async () => {
    const r = await run(`${base}/hop`, { method: 'POST', body: 'x' });
    expect(r.results[0].payload).toMatchObject({ status: 200, url: `${base}/echo`, json: { method: 'GET', body: '' } });
  });
});
