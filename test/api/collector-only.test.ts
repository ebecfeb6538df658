/**
 * EXPOSE_GUI_API=no: a public collector instance. It shares the data folder with an internal API instance (the
 * deployment topology of ARCHITECTURE.md), serves only the collector routes, and documents only those.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../helpers/index.ts';

let internal: HostHandle;
let collector: HostHandle;
let source: { id: string };

beforeAll(async () => {
  internal = await startHost();
  source = await internal.api.createSource({ name: 'public site' });
  collector = await startHost({ dataDir: internal.dataDir, env: { EXPOSE_GUI_API: 'no' } });
});
afterAll(async () => {
  await collector?.stop();
  await internal?.dispose();
});

describe('EXPOSE_GUI_API=no', () => {
  it('serves /track, /collect, /health and /ready', async () => {
    expect((await collector.api.get('/health', { token: null })).status).toBe(200);
    expect((await collector.api.get('/ready', { token: null })).status).toBe(200);
    const res = await collector.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    expect(res.status).toBe(200);
    // The internal instance reads what the collector stored.
    expect((await internal.api.get(`/api/events/${res.body.events[0]}`)).status).toBe(200);
  });

  it('has no management API at all', async () => {
    for (const path of ['/api/setup', '/api/auth/token']) {
      const res = await collector.api.post(path, { email: 'a@example.com', password: 'long enough pw' }, { token: null });
      expect(res.status).toBe(404);
    }
    expect((await collector.api.get('/api/sources', { token: null })).status).toBe(404);
  });

  it('documents only the collector routes', async () => {
    const spec = await collector.api.get('/docs/json', { token: null });
    const paths = Object.keys(spec.body.paths);
    expect(paths).toContain('/track');
    expect(paths).toContain('/collect/{eventType}/{sourceId}');
    expect(paths.filter((p) => p.startsWith('/api'))).toEqual([]);
    const allowed = /^\/(track|collect|tracker|health|ready)(\/|$)/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
  });

  it('applies the default limits: 1 MB bodies and 500 events', async () => {
    const big = await collector.api.track({ source: { id: source.id }, events: [{ type: 'view', properties: { blob: 'x'.repeat(1_100_000) } }] });
    expect(big.status).toBe(413);
    const many = await collector.api.track({ source: { id: source.id }, events: Array.from({ length: 501 }, () => ({ type: 'view' })) });
    expect(many.status).toBe(422);
    expect(many.body.error.details.fields[0].path).toBe('events');
    const max = await collector.api.track({ source: { id: source.id }, events: Array.from({ length: 500 }, () => ({ type: 'view' })) });
    expect(max.status).toBe(200);
    expect(max.body.events).toHaveLength(500);
  });
});
