/**
 * Identification and merging, black box: the real host process (SQLite, embedded queue running the merge jobs in
 * process), driven over HTTP only.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let sourceId: string;

function track(session: string | null, events: { type: string; properties?: Record<string, unknown> }[], profile?: string) {
  return host.api.track({
    source: { id: sourceId },
    ...(session ? { session: { id: session } } : {}),
    ...(profile ? { profile: { id: profile } } : {}),
    events,
  });
}

beforeAll(async () => {
  host = await startHost();
  sourceId = (await host.api.createSource({ name: 'shop' })).id;
  const point = await host.api.post('/api/identification-points', {
    name: 'login e-mail', eventType: 'Identify', fields: [{ profile: 'pii.email', event: 'properties.email' }],
  });
  expect(point.status).toBe(201);
  expect(point.body).toMatchObject({ eventType: 'identify', source: 'any', enabled: true });
}, 120_000);

afterAll(async () => {
  await host?.dispose();
});

describe('identification points and the merge job', () => {
  it('merges two visitors identified with the same e-mail into the older profile; old ids and sessions follow it', async () => {
    // Neither part meets this segment; the merged profile does, and the merge itself puts it there.
    expect((await host.api.post('/api/segments', { name: 'four events', condition: 'profile@stats.events >= 4' })).status).toBe(201);
    const s1 = `s-${randomUUID()}`;
    const first = await track(s1, [{ type: 'identify', properties: { email: 'Ann@Example.com' } }]);
    expect(first.status).toBe(200);
    const older = first.body.profile.id as string;
    const p1 = await host.api.get(`/api/profiles/${older}`);
    expect(p1.body.pii).toEqual({ email: 'Ann@Example.com' });

    // A second, anonymous visitor on another device, identified later in its own session.
    const s2 = `s-${randomUUID()}`;
    const anonymous = await track(s2, [{ type: 'page-view' }, { type: 'page-view' }]);
    const younger = anonymous.body.profile.id as string;
    expect(younger).not.toBe(older);
    const identified = await track(s2, [{ type: 'identify', properties: { email: ' ann@example.COM' } }]);
    expect(identified.status).toBe(200);
    expect(identified.body.profile.id).toBe(younger);

    // The merge job runs in the background: the younger id soon resolves to the older profile.
    const survivor = await eventually('the merge', async () => {
      const res = await host.api.get(`/api/profiles/${younger}`);
      return res.status === 200 && res.body.id === older ? res.body : undefined;
    });
    expect(survivor.ids).toEqual(expect.arrayContaining([older, younger]));
    expect(survivor.pii).toEqual({ email: 'Ann@Example.com' });
    // 1 identify on the first device; 2 page views + 1 identify on the second (system events are not counted).
    expect(survivor.stats).toEqual({ visits: 2, events: 4 });
    expect(survivor.segments).toEqual(['four events']);
    expect((await host.api.get(`/api/sessions/${s2}`)).body.profileId).toBe(older);
    const live = await host.api.get('/api/profiles?q=ann@example.com');
    expect(live.body.items.map((p: { id: string }) => p.id)).toEqual([older]);
    // Events keep their history: the second visitor's page views still name the id they were recorded under.
    const events = await host.api.get(`/api/events?session=${s2}&type=page-view`);
    expect(events.body.items.map((e: { profileId: string }) => e.profileId)).toEqual([younger, younger]);
    // ...and the survivor's timeline shows them, by its own id or by the merged one.
    for (const id of [older, younger]) {
      const timeline = await host.api.get(`/api/events?profile=${id}&type=page-view`);
      expect(timeline.body.items.map((e: { sessionId: string }) => e.sessionId)).toEqual([s2, s2]);
    }

    // /track continues on the survivor, whether the client sends the old profile id or the old session.
    const byOldId = await track(`s-${randomUUID()}`, [{ type: 'page-view' }], younger);
    expect(byOldId.body.profile.id).toBe(older);
    const byOldSession = await track(s2, [{ type: 'page-view' }]);
    expect(byOldSession.body.profile.id).toBe(older);

    // A merge that already happened changes nothing when asked again.
    const again = await host.api.post(`/api/profiles/${older}/merge`, { ids: [younger] });
    expect(again.status).toBe(200);
    expect(again.body.merged).toEqual([]);
    expect(again.body.profile.stats).toEqual({ visits: 3, events: 6 });
    const jobs = await host.api.get('/api/jobs');
    expect(jobs.body.jobs.merge.completed).toBeGreaterThanOrEqual(1);
    expect(jobs.body.jobs.merge.dead).toBe(0);
  });

  it('lands a returning customer on a new device on their profile, without a merge', async () => {
    const s1 = `s-${randomUUID()}`;
    const home = (await track(s1, [{ type: 'identify', properties: { email: 'bob@example.com' } }])).body.profile.id as string;
    const phone = await track(`s-${randomUUID()}`, [{ type: 'identify', properties: { email: 'BOB@example.com' } }, { type: 'page-view' }]);
    expect(phone.status).toBe(200);
    expect(phone.body.profile.id).toBe(home);
    const profile = await host.api.get(`/api/profiles/${home}`);
    expect(profile.body.stats).toEqual({ visits: 2, events: 3 });
    // No throw-away profile was created for the phone's session.
    const created = await host.api.get(`/api/events?type=profile-created&profile=${home}`);
    expect(created.body.items).toHaveLength(1);
    const phoneSession = await host.api.get(`/api/sessions/${phone.body.session.id}`);
    expect(phoneSession.body.profileId).toBe(home);
  });

  it('locks the identified profile: many new devices identifying one customer at once lose no update', async () => {
    const home = (await track(`s-${randomUUID()}`, [{ type: 'identify', properties: { email: 'dora@example.com' } }])).body.profile.id as string;
    const answers = await Promise.all(Array.from({ length: 12 }, () => track(`s-${randomUUID()}`, [{ type: 'identify', properties: { email: 'dora@example.com' } }])));
    expect(answers.map((a) => a.body.profile.id)).toEqual(answers.map(() => home));
    expect((await host.api.get(`/api/profiles/${home}`)).body.stats).toEqual({ visits: 13, events: 13 });
  });

  it('merges profiles an administrator picks into the profile of the path, which keeps its values', async () => {
    const a = (await track(null, [{ type: 'identify', properties: { email: 'carl@example.com' } }])).body.profile.id as string;
    const b = (await track(null, [{ type: 'identify', properties: { email: 'carl.private@example.com' } }])).body.profile.id as string;
    const merged = await host.api.post(`/api/profiles/${b}/merge`, { ids: [a] });
    expect(merged.status).toBe(200);
    expect(merged.body.profile.id).toBe(b);
    expect(merged.body.merged).toEqual([a]);
    expect(merged.body.conflicts).toEqual([{ field: 'pii.email', droppedFrom: a }]);
    expect(merged.body.profile.pii.email).toBe('carl.private@example.com');
    expect((await host.api.get(`/api/profiles/${a}`)).body.id).toBe(b);
    // Both e-mails now identify the survivor: a new device with the older one lands there.
    const back = await track(`s-${randomUUID()}`, [{ type: 'identify', properties: { email: 'carl@example.com' } }]);
    expect(back.body.profile.id).toBe(b);
  });

  it('takes the survivor\'s lock for requests naming a merged id: concurrent requests on both ids lose no update', async () => {
    const survivor = (await track(null, [{ type: 'page-view' }])).body.profile.id as string;
    const merged = (await track(null, [{ type: 'page-view' }])).body.profile.id as string;
    expect((await host.api.post(`/api/profiles/${survivor}/merge`, { ids: [merged] })).body.merged).toEqual([merged]);
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => track(`s-${randomUUID()}`, [{ type: 'page-view' }], i % 2 ? merged : survivor)));
    expect(answers.map((a) => a.body.profile.id)).toEqual(answers.map(() => survivor));
    expect((await host.api.get(`/api/profiles/${survivor}`)).body.stats).toEqual({ visits: 18, events: 18 });
  });

  it('refuses bad merge requests and bad identification points, naming the field', async () => {
    const missing = await host.api.post('/api/profiles/no-such-profile/merge', { ids: ['x'] });
    expect(missing.status).toBe(404);
    const p = (await track(null, [{ type: 'page-view' }])).body.profile.id as string;
    const unknownId = await host.api.post(`/api/profiles/${p}/merge`, { ids: [p, 'nobody'] });
    expect(unknownId.status).toBe(422);
    expect(unknownId.body.error.details.fields[0].path).toBe('ids.1');
    expect((await host.api.post(`/api/profiles/${p}/merge`, { ids: [] })).status).toBe(422);

    const badField = await host.api.post('/api/identification-points', { name: 'x', fields: [{ profile: 'stats.visits', event: 'properties.v' }] });
    expect(badField.status).toBe(422);
    expect(badField.body.error.details.fields[0].path).toBe('fields.0.profile');
    const badSource = await host.api.post('/api/identification-points', { name: 'x', source: 'nope', fields: [{ profile: 'traits.customerId' }] });
    expect(badSource.status).toBe(422);
    expect(badSource.body.error.details.fields[0].path).toBe('source');
    expect((await host.api.get('/api/identification-points')).body.items).toHaveLength(1);
  });
});
