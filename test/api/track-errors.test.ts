/** Every way /track refuses a request: the status, the error naming what is wrong, and nothing stored. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let source: { id: string };

// Small limits so the tests stay fast; the defaults (1 MB, 500 events) are checked by the collector-only suite.
beforeAll(async () => {
  host = await startHost({ env: { TRACK_MAX_BODY_BYTES: '4096', TRACK_MAX_EVENTS: '3' } });
  source = await host.api.createSource({ name: 'web' });
});
afterAll(() => host?.dispose());

async function storedCounts() {
  const events = await host.api.get('/api/events?limit=1000');
  const profiles = await host.api.get('/api/profiles?limit=1000');
  return { events: events.body.items.length, profiles: profiles.body.items.length };
}

/** Sends a refused request and checks that nothing was stored. */
async function refused(send: () => Promise<{ status: number; body: any }>) {
  const before = await storedCounts();
  const res = await send();
  expect(await storedCounts()).toEqual(before);
  expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  return res;
}

const valid = () => ({ source: { id: source.id }, events: [{ type: 'view' }] });

describe('/track refusals', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const res = await refused(() => host.api.request('POST', '/track', undefined, { token: null, headers: { 'content-type': 'application/json' }, raw: '{"source": {' }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('malformed JSON in a text/plain body → 400', async () => {
    const res = await refused(() => host.api.request('POST', '/track', undefined, { token: null, headers: { 'content-type': 'text/plain' }, raw: 'not json' }));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('malformed_json');
  });

  it('schema violations → 422 naming the field path', async () => {
    const missing = await refused(() => host.api.track({ events: [{ type: 'view' }] }));
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.details.fields).toContainEqual(expect.objectContaining({ in: 'body', path: 'source' }));

    const blankType = await refused(() => host.api.track({ source: { id: source.id }, events: [{ type: 'ok' }, { type: '   ' }] }));
    expect(blankType.status).toBe(422);
    expect(blankType.body.error.details.fields.map((f: any) => f.path)).toContain('events.1.type');

    const wrongOption = await refused(() => host.api.track({ ...valid(), options: { saveEvents: 'no' } }));
    expect(wrongOption.status).toBe(422);
    expect(wrongOption.body.error.details.fields.map((f: any) => f.path)).toContain('options.saveEvents');

    const badTime = await refused(() => host.api.track({ source: { id: source.id }, events: [{ type: 'view', time: 'yesterday-ish' }] }));
    expect(badTime.status).toBe(422);
    expect(badTime.body.error.details.fields[0].path).toBe('events.0.time');
  });

  it('more events than TRACK_MAX_EVENTS → 422 naming events', async () => {
    const res = await refused(() => host.api.track({ source: { id: source.id }, events: Array.from({ length: 4 }, () => ({ type: 'view' })) }));
    expect(res.status).toBe(422);
    expect(res.body.error.details.fields.map((f: any) => f.path)).toContain('events');
  });

  it('a body over TRACK_MAX_BODY_BYTES → 413', async () => {
    const res = await refused(() => host.api.track({ ...valid(), properties: { blob: 'x'.repeat(5000) } }));
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('body_too_large');
    expect(res.body.error.message).toContain('4096');
  });

  it('an unknown source → 401 naming it', async () => {
    const res = await refused(() => host.api.track({ source: { id: 'no-such-source' }, events: [{ type: 'view' }] }));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('source_unknown');
    expect(res.body.error.message).toContain('no-such-source');
  });

  it('a disabled source → 403 naming it', async () => {
    const disabled = await host.api.createSource({ name: 'off', enabled: false });
    const res = await refused(() => host.api.track({ source: { id: disabled.id }, events: [{ type: 'view' }] }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('source_disabled');
    expect(res.body.error.message).toContain(disabled.id);
  });

  it('a webhook source on /track → 403', async () => {
    const hook = await host.api.createSource({ name: 'hook', type: 'webhook' });
    const res = await refused(() => host.api.track({ source: { id: hook.id }, events: [{ type: 'view' }] }));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('source_type_not_allowed');
  });

  it('ids starting with @ are internal → 403 naming the field', async () => {
    for (const [payload, field] of [
      [{ source: { id: '@internal-abc' }, events: [{ type: 'view' }] }, 'source.id'],
      [{ ...valid(), session: { id: '@s' } }, 'session.id'],
      [{ ...valid(), profile: { id: '@p' } }, 'profile.id'],
      [{ source: { id: source.id }, events: [{ id: '@e', type: 'view' }] }, 'events.0.id'],
    ] as const) {
      const res = await refused(() => host.api.track(payload));
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({ code: 'internal_id', details: { field } });
    }
  });

  it('a source with a secret refuses callers without it (401) and accepts the x-tessera-secret header', async () => {
    const secured = await host.api.createSource({ name: 'server', secret: 's3cret-value' });
    expect(secured.hasSecret).toBe(true);
    expect(JSON.stringify(secured)).not.toContain('s3cret-value');
    const payload = { source: { id: secured.id }, events: [{ type: 'order' }] };
    const missing = await refused(() => host.api.track(payload));
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('source_secret_invalid');
    const wrong = await refused(() => host.api.track(payload, { 'x-tessera-secret': 'guess' }));
    expect(wrong.status).toBe(401);
    const ok = await host.api.track(payload, { 'x-tessera-secret': 's3cret-value' });
    expect(ok.status).toBe(200);
  });

  it('browser origins outside the source allow-list are refused; allowed ones get CORS headers', async () => {
    const shop = await host.api.createSource({ name: 'shop', allowedOrigins: ['https://shop.example.com'] });
    const payload = { source: { id: shop.id }, events: [{ type: 'view' }] };
    const evil = await refused(() => host.api.track(payload, { origin: 'https://evil.example.com' }));
    expect(evil.status).toBe(403);
    expect(evil.body.error.code).toBe('origin_not_allowed');
    const good = await host.api.track(payload, { origin: 'https://shop.example.com' });
    expect(good.status).toBe(200);
    expect(good.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');

    const preflight = await host.api.request('OPTIONS', '/track', undefined, {
      token: null, headers: { origin: 'https://shop.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
  });

  it('a wrong content type → 415, never a 500', async () => {
    const res = await refused(() => host.api.request('POST', '/track', undefined, { token: null, headers: { 'content-type': 'application/xml' }, raw: '<a/>' }));
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_media_type');
  });
});
