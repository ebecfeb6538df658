/** The management API contract: setup, tokens, roles, users, sources, events, profiles, sessions, docs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, TEST_ADMIN, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;

beforeAll(async () => { host = await startHost(); });
afterAll(() => host?.dispose());

async function userToken(role: string) {
  const email = `${role}-${Math.random().toString(36).slice(2)}@example.com`;
  const created = await host.api.post('/api/users', { email, password: 'long enough pw', role });
  expect(created.status).toBe(201);
  return host.api.login(email, 'long enough pw');
}

describe('setup and authentication', () => {
  it('has no default user: every /api route needs a token, setup creates the first admin once', async () => {
    const anonymous = await host.api.get('/api/sources', { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe('unauthenticated');
    expect((await host.api.post('/api/auth/token', { email: TEST_ADMIN.email, password: TEST_ADMIN.password }, { token: null })).status).toBe(401);

    const weak = await host.api.post('/api/setup', { email: 'x@example.com', password: 'short' }, { token: null });
    expect(weak.status).toBe(422);
    expect(weak.body.error.details.fields[0].path).toBe('password');

    const setup = await host.api.post('/api/setup', TEST_ADMIN, { token: null });
    expect(setup.status).toBe(201);
    expect(setup.body.user).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
    expect(setup.body.user.passwordHash).toBeUndefined();

    const again = await host.api.post('/api/setup', { email: 'other@example.com', password: 'another password' }, { token: null });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('setup_done');
  });

  it('issues tokens for correct credentials only', async () => {
    const wrong = await host.api.post('/api/auth/token', { email: TEST_ADMIN.email, password: 'not the password' }, { token: null });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const token = await host.api.login(TEST_ADMIN.email.toUpperCase(), TEST_ADMIN.password);
    expect((await host.api.get('/api/sources', { token })).status).toBe(200);
    const bogus = await host.api.get('/api/sources', { token: 'tsr_made_up' });
    expect(bogus.status).toBe(401);
    expect(bogus.body.error.code).toBe('invalid_token');
  });
});

describe('users and roles', () => {
  it('only admins manage users; bad input is 422, a taken email 409', async () => {
    const users = await host.api.get('/api/users');
    expect(users.status).toBe(200);
    expect(users.body.items[0]).not.toHaveProperty('passwordHash');
    expect((await host.api.post('/api/users', { email: 'r@example.com', password: 'long enough pw', role: 'root' })).status).toBe(422);
    expect((await host.api.post('/api/users', { email: TEST_ADMIN.email, password: 'long enough pw', role: 'viewer' })).status).toBe(409);
    const developer = await userToken('developer');
    const forbidden = await host.api.get('/api/users', { token: developer });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('forbidden');
  });

  it('enforces roles per route: viewers read, developers write sources, marketers delete profiles', async () => {
    const viewer = await userToken('viewer');
    const developer = await userToken('developer');
    const marketer = await userToken('marketer');
    expect((await host.api.get('/api/sources', { token: viewer })).status).toBe(200);
    expect((await host.api.post('/api/sources', { name: 'v', type: 'rest' }, { token: viewer })).status).toBe(403);
    expect((await host.api.post('/api/sources', { name: 'm', type: 'rest' }, { token: marketer })).status).toBe(403);
    expect((await host.api.post('/api/sources', { name: 'd', type: 'rest' }, { token: developer })).status).toBe(201);

    const source = await host.api.createSource({ name: 'roles' });
    const tracked = await host.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    const profileId = tracked.body.profile.id;
    expect((await host.api.delete(`/api/profiles/${profileId}`, { token: viewer })).status).toBe(403);
    expect((await host.api.delete(`/api/profiles/${profileId}`, { token: developer })).status).toBe(403);
    expect((await host.api.delete(`/api/profiles/${profileId}`, { token: marketer })).status).toBe(204);
    expect((await host.api.get(`/api/profiles/${profileId}`, { token: viewer })).status).toBe(404);
  });
});

describe('sources', () => {
  it('create, read, replace (secret kept unless changed), delete', async () => {
    const created = await host.api.post('/api/sources', { id: 'My-Site', name: 'My site', type: 'rest', secret: 'first-secret' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'my-site', enabled: true, ephemeral: false, allowedOrigins: ['*'], hasSecret: true });
    expect((await host.api.post('/api/sources', { id: 'my-site', name: 'dup', type: 'rest' })).status).toBe(409);
    expect((await host.api.post('/api/sources', { id: '@mine', name: 'x', type: 'rest' })).status).toBe(422);
    expect((await host.api.post('/api/sources', { name: 'x', type: 'mqtt' })).status).toBe(422);

    const replaced = await host.api.put('/api/sources/my-site', { name: 'Renamed', type: 'rest', enabled: false });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ name: 'Renamed', enabled: false, hasSecret: true });
    expect((await host.api.track({ source: { id: 'my-site' }, events: [{ type: 'v' }] })).status).toBe(403);

    const cleared = await host.api.put('/api/sources/my-site', { name: 'Renamed', type: 'rest', secret: null });
    expect(cleared.body).toMatchObject({ enabled: true, hasSecret: false });
    expect((await host.api.track({ source: { id: 'my-site' }, events: [{ type: 'v' }] })).status).toBe(200);

    expect((await host.api.get('/api/sources/my-site')).body.name).toBe('Renamed');
    expect((await host.api.delete('/api/sources/my-site')).status).toBe(204);
    expect((await host.api.get('/api/sources/my-site')).status).toBe(404);
    expect((await host.api.delete('/api/sources/my-site')).status).toBe(404);
    expect((await host.api.track({ source: { id: 'my-site' }, events: [{ type: 'v' }] })).status).toBe(401);
  });
});

describe('events, profiles, sessions', () => {
  it('lists events with filters and cursor paging', async () => {
    const source = await host.api.createSource({ name: 'paging' });
    const first = await host.api.track({ source: { id: source.id }, events: [{ type: 'a', time: '2026-01-01T00:00:00Z' }, { type: 'b', time: '2026-01-02T00:00:00Z' }, { type: 'a', time: '2026-01-03T00:00:00Z' }] });
    const session = first.body.session.id;

    const onlyA = await host.api.get(`/api/events?source=${source.id}&type=a`);
    expect(onlyA.body.items.map((e: any) => e.time)).toEqual(['2026-01-03T00:00:00.000Z', '2026-01-01T00:00:00.000Z']);
    const window = await host.api.get(`/api/events?session=${session}&from=2026-01-02T00:00:00Z&to=2026-01-03T00:00:00Z`);
    expect(window.body.items.map((e: any) => e.type)).toEqual(['b']);
    expect((await host.api.get(`/api/events?profile=${first.body.profile.id}`)).body.items).toHaveLength(5);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await host.api.get(`/api/events?source=${source.id}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items.map((e: any) => e.id));
      cursor = page.body.next;
    } while (cursor);
    expect(new Set(seen).size).toBe(5);

    expect((await host.api.get('/api/events?from=not-a-date')).status).toBe(422);
    expect((await host.api.get('/api/events?limit=0')).status).toBe(422);
    expect((await host.api.get('/api/events?cursor=garbage')).status).toBe(400);
    expect((await host.api.get('/api/events/nope')).status).toBe(404);
  });

  it('finds profiles by text and segment, gets them by id, and gets sessions', async () => {
    const source = await host.api.createSource({ name: 'profiles', allowStaticProfileIds: true });
    const tracked = await host.api.track({ source: { id: source.id }, profile: { id: 'findme-123' }, events: [{ type: 'view' }] });
    const found = await host.api.get('/api/profiles?q=findme');
    expect(found.body.items.map((p: any) => p.id)).toEqual(['findme-123']);
    expect((await host.api.get('/api/profiles?segment=no-such-segment')).body.items).toEqual([]);
    expect((await host.api.get('/api/profiles')).body.items.length).toBeGreaterThan(0);
    expect((await host.api.get('/api/profiles/FINDME-123')).body.id).toBe('findme-123');
    const session = await host.api.get(`/api/sessions/${tracked.body.session.id}`);
    expect(session.body).toMatchObject({ profileId: 'findme-123', sourceId: source.id });
    expect((await host.api.get('/api/sessions/nope')).status).toBe(404);
    expect((await host.api.get('/api/profiles/nope')).status).toBe(404);
  });

  it('unknown routes answer a JSON 404', async () => {
    const res = await host.api.get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('route_not_found');
  });
});

describe('/docs', () => {
  it('documents every route, generated from the schemas', async () => {
    const spec = await host.api.get('/docs/json', { token: null });
    expect(spec.status).toBe(200);
    const paths = Object.keys(spec.body.paths);
    for (const p of ['/track', '/collect/{eventType}/{sourceId}', '/health', '/ready', '/api/setup', '/api/auth/token', '/api/users', '/api/sources', '/api/sources/{id}', '/api/events', '/api/events/{id}', '/api/profiles', '/api/profiles/{id}', '/api/sessions/{id}']) {
      expect(paths).toContain(p);
    }
    expect(spec.body.paths['/api/sources'].post.security).toEqual([{ bearerAuth: [] }]);
    const ui = await host.api.get('/docs', { token: null });
    expect([200, 302]).toContain(ui.status);
  });
});
