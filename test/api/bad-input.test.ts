/**
 * Bad input never produces a 500 or a stack trace: every collector and core management route is fed wrong types,
 * wrong shapes, hostile keys and broken encodings, and must answer a 4xx with the error body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;

beforeAll(async () => { host = await startHost(); });
afterAll(() => host?.dispose());

const BODIES: Array<{ label: string; raw: string; type?: string }> = [
  { label: 'null', raw: 'null' },
  { label: 'number', raw: '42' },
  { label: 'string', raw: '"text"' },
  { label: 'array', raw: '[1,2,3]' },
  { label: 'wrong types', raw: JSON.stringify({ source: 7, events: 'many', email: [], password: {}, name: null, type: 1, options: [] }) },
  { label: 'proto pollution', raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}' },
  { label: 'deep nesting', raw: '{"a":'.repeat(2000) + '1' + '}'.repeat(2000) },
  { label: 'truncated', raw: '{"source":{"id":"x"},"events":[{"type":' },
  { label: 'invalid utf-8', raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1') },
  { label: 'form body on a JSON route', raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
  { label: 'empty', raw: '' },
];

const ROUTES: Array<[string, string]> = [
  ['POST', '/track'],
  ['POST', '/collect/view/some-source'],
  ['POST', '/api/setup'],
  ['POST', '/api/auth/token'],
  ['POST', '/api/users'],
  ['POST', '/api/sources'],
  ['PUT', '/api/sources/some-source'],
];

const QUERIES = [
  '/api/events?limit=abc', '/api/events?limit=-1', '/api/events?limit=100000', '/api/events?cursor=%00%ff', '/api/events?from=13/45/2020',
  '/api/profiles?limit=0', '/api/profiles?cursor=eyJ9', '/api/profiles?q=' + 'x'.repeat(500), '/api/users?limit=1.5',
  '/api/sources?cursor=' + encodeURIComponent('{"a":1}'), '/api/events/%ff%fe', '/api/profiles/' + 'x'.repeat(3000),
  '/api/sessions/%E0%A4%A', '/collect/view/src?x[y][z]=1',
];

function expectClientError(res: { status: number; body: any }, what: string) {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(typeof res.body?.error?.code, what).toBe('string');
  expect(JSON.stringify(res.body), what).not.toMatch(/\.ts:\d+|node:internal|at async/);
}

describe('bad input', () => {
  it('bodies of every wrong shape get a 4xx error body on every write route', async () => {
    const token = await host.api.adminToken();
    for (const [method, path] of ROUTES) {
      for (const b of BODIES) {
        const res = await host.api.request(method, path, undefined, { token, raw: b.raw, headers: { 'content-type': b.type ?? 'application/json' } });
        expectClientError(res, `${method} ${path} with ${b.label}`);
      }
    }
  });

  it('broken query strings and path parameters get a 4xx, never a 500', async () => {
    const token = await host.api.adminToken();
    for (const q of QUERIES) {
      const res = await host.api.get(q, { token });
      if (res.status < 400) continue; // some are merely unusual, e.g. a nested query key on a webhook
      expectClientError(res, `GET ${q}`);
    }
    const garbageAuth = await host.api.get('/api/sources', { token: null, headers: { authorization: 'Bearer ' + '\u00e9'.repeat(10) } });
    expectClientError(garbageAuth, 'non-ascii bearer');
  });
});
