/** GET|POST /collect/{eventType}/{sourceId}[/{sessionId}] for webhook sources. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let hook: { id: string };

beforeAll(async () => {
  host = await startHost();
  hook = await host.api.createSource({ name: 'payments', type: 'webhook' });
});
afterAll(() => host?.dispose());

const event = async (id: string) => (await host.api.get(`/api/events/${id}`)).body;

describe('/collect', () => {
  it('POST JSON becomes the properties of a profile-less event', async () => {
    const res = await host.api.post(`/collect/Payment Received/${hook.id}`, { amount: 12.5, currency: 'EUR' }, { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ profile: null, session: null });
    const e = await event(res.body.events[0]);
    expect(e).toMatchObject({ type: 'payment-received', properties: { amount: 12.5, currency: 'EUR' }, profileId: null, sessionId: null, sourceId: hook.id });
  });

  it('a form body becomes the properties', async () => {
    const res = await host.api.request('POST', `/collect/signup/${hook.id}`, undefined, {
      token: null, headers: { 'content-type': 'application/x-www-form-urlencoded' }, raw: 'email=a%40b.com&plan=pro',
    });
    expect(res.status).toBe(200);
    expect((await event(res.body.events[0])).properties).toEqual({ email: 'a@b.com', plan: 'pro' });
  });

  it('GET: the query string becomes the properties', async () => {
    const res = await host.api.get(`/collect/ping/${hook.id}?status=ok&n=3`, { token: null });
    expect(res.status).toBe(200);
    expect((await event(res.body.events[0])).properties).toEqual({ status: 'ok', n: '3' });
  });

  it('with a session id the event gets a profile and a session', async () => {
    const res = await host.api.post(`/collect/order/${hook.id}/sess-77`, { total: 3 }, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.session.id).toBe('sess-77');
    const e = await event(res.body.events[0]);
    expect(e.profileId).toBe(res.body.profile.id);
    expect((await host.api.get('/api/sessions/sess-77')).body.profileId).toBe(res.body.profile.id);
  });

  it('refuses unknown sources (401), rest sources (403), non-object bodies (422) and secrets missing (401)', async () => {
    expect((await host.api.post('/collect/x/nope', {}, { token: null })).status).toBe(401);
    const rest = await host.api.createSource({ name: 'rest', type: 'rest' });
    const wrongType = await host.api.post(`/collect/x/${rest.id}`, {}, { token: null });
    expect(wrongType.status).toBe(403);
    expect(wrongType.body.error.code).toBe('source_type_not_allowed');
    const array = await host.api.post(`/collect/x/${hook.id}`, [1, 2], { token: null });
    expect(array.status).toBe(422);
    const secured = await host.api.createSource({ name: 'signed hook', type: 'webhook', secret: 'hook-secret-1' });
    expect((await host.api.post(`/collect/x/${secured.id}`, {}, { token: null })).status).toBe(401);
    expect((await host.api.post(`/collect/x/${secured.id}`, {}, { token: null, headers: { 'x-tessera-secret': 'hook-secret-1' } })).status).toBe(200);
  });
});
