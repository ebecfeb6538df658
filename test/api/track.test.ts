/** POST /track over real HTTP against the started host: Tracardi's contract, resolution rules, save options. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore } from '../../host/src/storage/index.ts';
import { startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let source: { id: string };

beforeAll(async () => {
  host = await startHost();
  source = await host.api.createSource({ name: 'web shop' });
});
afterAll(() => host?.dispose());

const eventsOf = async (query: string) => (await host.api.get(`/api/events?${query}`)).body.items as Array<Record<string, any>>;

describe('POST /track', () => {
  it('creates a profile and a session, stores the event and the system events, and answers Tracardi\'s shape', async () => {
    const res = await host.api.track({
      source: { id: source.id },
      context: { page: { url: 'https://shop.example/' } },
      properties: { campaign: 'spring' },
      events: [{ type: 'Page View', properties: { title: 'Home' }, tags: ['home'] }],
      device: { id: 'ignored unknown key' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ux: [], response: {}, errors: [], warnings: [] });
    const { profile, session, events } = res.body;
    expect(profile.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(session.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(events).toHaveLength(1);

    const stored = await host.api.get(`/api/events/${events[0]}`);
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ type: 'page-view', properties: { title: 'Home' }, tags: ['home'], profileId: profile.id, sessionId: session.id, sourceId: source.id, status: 'collected' });

    const types = (await eventsOf(`session=${session.id}`)).map((e) => e.type).sort();
    expect(types).toEqual(['page-view', 'profile-created', 'session-opened']);

    const s = await host.api.get(`/api/sessions/${session.id}`);
    expect(s.body).toMatchObject({ profileId: profile.id, context: { page: { url: 'https://shop.example/' } }, properties: { campaign: 'spring' }, status: 'active' });
    const p = await host.api.get(`/api/profiles/${profile.id}`);
    expect(p.body).toMatchObject({ id: profile.id, stats: { visits: 1, events: 1 }, lastSessionId: session.id });
  });

  it('reuses a known session: same profile, context merged, no new system events', async () => {
    const first = await host.api.track({ source: { id: source.id }, context: { a: { x: 1 } }, events: [{ type: 'view' }] });
    const { profile, session } = first.body;
    const second = await host.api.track({ source: { id: source.id }, session, context: { a: { y: 2 } }, events: [{ type: 'click' }, { type: 'click' }] });
    expect(second.status).toBe(200);
    expect(second.body.profile.id).toBe(profile.id);
    expect(second.body.session.id).toBe(session.id);
    expect(second.body.events).toHaveLength(2);
    const types = (await eventsOf(`session=${session.id}&limit=100`)).map((e) => e.type).sort();
    expect(types).toEqual(['click', 'click', 'profile-created', 'session-opened', 'view']);
    expect((await host.api.get(`/api/sessions/${session.id}`)).body.context).toEqual({ a: { x: 1, y: 2 } });
    expect((await host.api.get(`/api/profiles/${profile.id}`)).body.stats).toEqual({ visits: 1, events: 3 });
  });

  it('a new session of a known profile keeps the profile and records session-opened only', async () => {
    const first = await host.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    const again = await host.api.track({ source: { id: source.id }, profile: first.body.profile, events: [{ type: 'view' }] });
    expect(again.body.profile.id).toBe(first.body.profile.id);
    expect(again.body.session.id).not.toBe(first.body.session.id);
    const types = (await eventsOf(`session=${again.body.session.id}`)).map((e) => e.type).sort();
    expect(types).toEqual(['session-opened', 'view']);
    expect((await host.api.get(`/api/profiles/${first.body.profile.id}`)).body.stats.visits).toBe(2);
  });

  it('an unknown profile id gets a new random profile; a source allowing static ids keeps it', async () => {
    const forged = await host.api.track({ source: { id: source.id }, profile: { id: 'Forged-Profile' }, events: [{ type: 'view' }] });
    expect(forged.body.profile.id).not.toBe('forged-profile');
    expect((await host.api.get('/api/profiles/forged-profile')).status).toBe(404);

    const staticSource = await host.api.createSource({ name: 'crm', allowStaticProfileIds: true });
    const kept = await host.api.track({ source: { id: staticSource.id }, profile: { id: 'CRM-42' }, events: [{ type: 'view' }] });
    expect(kept.body.profile.id).toBe('crm-42');
    expect((await host.api.get('/api/profiles/CRM-42')).body.id).toBe('crm-42');
  });

  it('a merged-away profile id resolves to the surviving profile through its ids', async () => {
    // A merge is what a later issue's merge job does; here the test writes its outcome into the host's own database.
    const store = await createStore({ storage: 'sqlite', dataDir: host.dataDir, production: false });
    const now = new Date().toISOString();
    const base = { createdAt: now, updatedAt: now, traits: {}, pii: {}, consents: {}, segments: [], stats: { visits: 1, events: 1 }, lastSessionId: null, lastVisitAt: null, version: 1 };
    try {
      await store.commit({ profiles: [
        { ...base, id: 'survivor-1', ids: ['survivor-1', 'merged-1'], mergedInto: null },
        { ...base, id: 'merged-1', ids: ['merged-1'], mergedInto: 'survivor-1' },
      ] });
    } finally {
      await store.close();
    }
    const res = await host.api.track({ source: { id: source.id }, profile: { id: 'merged-1' }, events: [{ type: 'view' }] });
    expect(res.status).toBe(200);
    expect(res.body.profile.id).toBe('survivor-1');
    expect((await host.api.get(`/api/sessions/${res.body.session.id}`)).body.profileId).toBe('survivor-1');
    expect((await host.api.get('/api/profiles/merged-1')).body.id).toBe('survivor-1');
  });

  it('normalises event types and ids, keeps client event ids and creation times', async () => {
    const res = await host.api.track({
      source: { id: `  ${source.id.toUpperCase()} ` },
      events: [{ id: 'EVT-1', type: '  Product Added  To Basket', time: { create: '2026-01-02T03:04:05Z' } }],
    });
    expect(res.status).toBe(200);
    expect(res.body.events).toEqual(['evt-1']);
    const e = (await host.api.get('/api/events/evt-1')).body;
    expect(e.type).toBe('product-added-to-basket');
    expect(e.time).toBe('2026-01-02T03:04:05.000Z');
  });

  it('accepts text/plain bodies holding JSON (sendBeacon)', async () => {
    const res = await host.api.request('POST', '/track', undefined, {
      token: null, headers: { 'content-type': 'text/plain;charset=UTF-8' },
      raw: JSON.stringify({ source: { id: source.id }, events: [{ type: 'beacon' }] }),
    });
    expect(res.status).toBe(200);
    expect((await host.api.get(`/api/events/${res.body.events[0]}`)).body.type).toBe('beacon');
  });

  it('honours saveEvents, saveSession and saveProfile', async () => {
    const res = await host.api.track({
      source: { id: source.id }, events: [{ type: 'unsaved' }],
      options: { saveEvents: false, saveSession: false, saveProfile: false },
    });
    expect(res.status).toBe(200);
    expect((await host.api.get(`/api/events/${res.body.events[0]}`)).status).toBe(404);
    expect((await host.api.get(`/api/sessions/${res.body.session.id}`)).status).toBe(404);
    expect((await host.api.get(`/api/profiles/${res.body.profile.id}`)).status).toBe(404);

    const onlyEvents = await host.api.track({ source: { id: source.id }, events: [{ type: 'kept' }, { type: 'skipped', options: { save: false } }], options: { saveSession: false } });
    expect((await host.api.get(`/api/events/${onlyEvents.body.events[0]}`)).status).toBe(200);
    expect((await host.api.get(`/api/events/${onlyEvents.body.events[1]}`)).status).toBe(404);
    expect((await host.api.get(`/api/sessions/${onlyEvents.body.session.id}`)).status).toBe(404);
    expect((await host.api.get(`/api/profiles/${onlyEvents.body.profile.id}`)).status).toBe(200);
  });

  it('an ephemeral source processes events and stores nothing', async () => {
    const ephemeral = await host.api.createSource({ name: 'kiosk', ephemeral: true });
    const res = await host.api.track({ source: { id: ephemeral.id }, events: [{ type: 'view' }] });
    expect(res.status).toBe(200);
    expect(res.body.profile.id).toBeTruthy();
    expect(await eventsOf(`source=${ephemeral.id}`)).toEqual([]);
    expect((await host.api.get(`/api/sessions/${res.body.session.id}`)).status).toBe(404);
    expect((await host.api.get(`/api/profiles/${res.body.profile.id}`)).status).toBe(404);
  });

  it('visit-ended ends the session without system events; the next event reopens it with visit-started', async () => {
    const first = await host.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    const { session } = first.body;
    await host.api.track({ source: { id: source.id }, session, events: [{ type: 'visit-ended' }] });
    expect((await host.api.get(`/api/sessions/${session.id}`)).body.status).toBe('ended');
    await host.api.track({ source: { id: source.id }, session, events: [{ type: 'view' }] });
    expect((await host.api.get(`/api/sessions/${session.id}`)).body.status).toBe('started');
    const types = (await eventsOf(`session=${session.id}&limit=100`)).map((e) => e.type).sort();
    expect(types).toEqual(['profile-created', 'session-opened', 'view', 'view', 'visit-ended', 'visit-started']);
  });

  it('two concurrent requests with one new session id create one profile', async () => {
    const session = { id: `concurrent-${Date.now()}` };
    const results = await Promise.all(Array.from({ length: 8 }, () => host.api.track({ source: { id: source.id }, session, events: [{ type: 'view' }] })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(new Set(results.map((r) => r.body.profile.id)).size).toBe(1);
    const created = await eventsOf(`session=${session.id}&type=profile-created`);
    expect(created).toHaveLength(1);
    expect((await host.api.get(`/api/profiles/${results[0]!.body.profile.id}`)).body.stats.events).toBe(8);
  });

  it('concurrent requests on two sessions of one profile lose no update', async () => {
    const first = await host.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    const second = await host.api.track({ source: { id: source.id }, profile: first.body.profile, events: [{ type: 'view' }] });
    const sessions = [first.body.session, second.body.session];
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => host.api.track({ source: { id: source.id }, session: sessions[i % 2], events: [{ type: 'click' }] })));
    expect(results.every((r) => r.status === 200 && r.body.profile.id === first.body.profile.id)).toBe(true);
    expect((await host.api.get(`/api/profiles/${first.body.profile.id}`)).body.stats).toEqual({ visits: 2, events: 22 });
  });

  it('a request naming another profile than its known session\'s updates the session\'s profile under its lock', async () => {
    // The session's profile wins over the payload's; that profile is locked too, so these requests and the ones on
    // its other session take turns on it and no update is lost.
    const first = await host.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    const second = await host.api.track({ source: { id: source.id }, profile: first.body.profile, events: [{ type: 'view' }] });
    const other = await host.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => host.api.track(i % 2
      ? { source: { id: source.id }, session: first.body.session, profile: other.body.profile, events: [{ type: 'click' }] }
      : { source: { id: source.id }, session: second.body.session, events: [{ type: 'click' }] })));
    expect(results.every((r) => r.status === 200 && r.body.profile.id === first.body.profile.id)).toBe(true);
    expect((await host.api.get(`/api/profiles/${first.body.profile.id}`)).body.stats).toEqual({ visits: 2, events: 22 });
    expect((await host.api.get(`/api/profiles/${other.body.profile.id}`)).body.stats).toEqual({ visits: 1, events: 1 });
  });

  it('an empty event list stores nothing and says so', async () => {
    const res = await host.api.track({ source: { id: source.id }, events: [] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ profile: null, session: null, events: [] });
    expect(res.body.warnings[0]).toMatch(/no events/);
  });
});
