/** Segments, black box: the real host process on SQLite, the embedded queue running the batch jobs in process. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let sourceId: string;

async function visit(session: string, count: number): Promise<string> {
  const res = await host.api.track({ source: { id: sourceId }, session: { id: session }, events: Array.from({ length: count }, () => ({ type: 'page-view' })) });
  expect(res.status).toBe(200);
  return res.body.profile.id;
}

async function members(segment: string): Promise<string[]> {
  const res = await host.api.get(`/api/profiles?segment=${encodeURIComponent(segment)}&limit=1000`);
  expect(res.status).toBe(200);
  return res.body.items.map((p: { id: string }) => p.id).sort();
}

beforeAll(async () => {
  host = await startHost();
  sourceId = (await host.api.createSource({ name: 'site' })).id;
}, 120_000);

afterAll(async () => {
  await host?.dispose();
});

describe('segments', () => {
  it('puts the stored profiles that meet a new segment in it by a batch job, and keeps them current inline on /track', async () => {
    const busy = await visit(`s-${randomUUID()}`, 3);
    const quietSession = `s-${randomUUID()}`;
    const quiet = await visit(quietSession, 1);

    const created = await host.api.post('/api/segments', { name: 'Engaged visitors', condition: 'profile@stats.events >= 3', description: 'three events or more' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Engaged visitors', enabled: true, job: { name: 'segment' } });
    const segmentId = created.body.id as string;

    // The batch job (scheduled by the creation) evaluates the profiles stored before the segment existed.
    await eventually('the batch evaluation', async () => ((await members('Engaged visitors')).includes(busy) ? true : undefined));
    expect(await members('Engaged visitors')).toEqual([busy]);

    // Inline: the /track that brings the quiet profile to three events puts it in the segment in the same commit.
    await visit(quietSession, 2);
    expect((await host.api.get(`/api/profiles/${quiet}`)).body.segments).toEqual(['Engaged visitors']);
    expect(await members('Engaged visitors')).toEqual([busy, quiet].sort());

    // A stricter condition: the re-evaluation takes everyone out again; a run on demand answers 202 with its job.
    const stricter = await host.api.put(`/api/segments/${segmentId}`, { name: 'Engaged visitors', condition: 'profile@stats.events >= 100' });
    expect(stricter.status).toBe(200);
    await eventually('the re-evaluation', async () => ((await members('Engaged visitors')).length === 0 ? true : undefined));
    const run = await host.api.post(`/api/segments/${segmentId}/run`);
    expect(run.status).toBe(202);
    expect(run.body.job.name).toBe('segment');

    // Renaming moves the members to the new name; deleting takes the name off every profile.
    await host.api.put(`/api/segments/${segmentId}`, { name: 'Regulars', condition: 'profile@stats.events > 2' });
    await eventually('the renamed segment', async () => ((await members('Regulars')).length === 2 ? true : undefined));
    expect(await members('Engaged visitors')).toEqual([]);
    expect((await host.api.delete(`/api/segments/${segmentId}`)).status).toBe(204);
    await eventually('the deleted segment to be stripped', async () => ((await members('Regulars')).length === 0 ? true : undefined));
    expect((await host.api.get(`/api/segments/${segmentId}`)).status).toBe(404);
    const jobs = await host.api.get('/api/jobs');
    expect(jobs.body.jobs.segment.dead).toBe(0);
  });

  it('evaluates a condition on profile fields inline, for new profiles too', async () => {
    const created = await host.api.post('/api/segments', { name: 'returning', condition: 'profile@stats.visits >= 2 AND profile@lastVisitAt EXISTS' });
    expect(created.status).toBe(201);
    const session = `s-${randomUUID()}`;
    const id = await visit(session, 1);
    expect((await host.api.get(`/api/profiles/${id}`)).body.segments).toEqual([]);
    const again = await host.api.track({ source: { id: sourceId }, session: { id: `s-${randomUUID()}` }, profile: { id }, events: [{ type: 'page-view' }] });
    expect(again.body.profile.id).toBe(id);
    expect((await host.api.get(`/api/profiles/${id}`)).body.segments).toEqual(['returning']);
    // A disabled segment is no longer evaluated: members keep it, new profiles do not get it.
    expect((await host.api.put(`/api/segments/${created.body.id}`, { name: 'returning', condition: 'profile@stats.visits >= 0', enabled: false })).status).toBe(200);
    const fresh = await visit(`s-${randomUUID()}`, 1);
    expect((await host.api.get(`/api/profiles/${fresh}`)).body.segments).toEqual([]);
    expect((await host.api.get(`/api/profiles/${id}`)).body.segments).toEqual(['returning']);
  });

  it('lets every role read segments and identification points, marketers write segments, only admins and marketers merge', async () => {
    const token = async (role: string) => {
      const email = `${role}-${randomUUID()}@example.com`;
      expect((await host.api.post('/api/users', { email, password: 'long enough pw', role })).status).toBe(201);
      return host.api.login(email, 'long enough pw');
    };
    const [viewer, marketer, developer] = [await token('viewer'), await token('marketer'), await token('developer')];
    const segment = { name: `by-role-${randomUUID()}`, condition: 'profile@stats.visits > 5' };
    expect((await host.api.get('/api/segments', { token: viewer })).status).toBe(200);
    expect((await host.api.get('/api/identification-points', { token: viewer })).status).toBe(200);
    expect((await host.api.post('/api/segments', segment, { token: viewer })).status).toBe(403);
    expect((await host.api.post('/api/segments', segment, { token: marketer })).status).toBe(201);
    const point = { name: 'id', fields: [{ profile: 'traits.customerId', event: 'properties.customerId' }] };
    expect((await host.api.post('/api/identification-points', point, { token: marketer })).status).toBe(403);
    expect((await host.api.post('/api/identification-points', point, { token: developer })).status).toBe(201);
    const p = await visit(`s-${randomUUID()}`, 1);
    expect((await host.api.post(`/api/profiles/${p}/merge`, { ids: [p] }, { token: developer })).status).toBe(403);
    expect((await host.api.post(`/api/profiles/${p}/merge`, { ids: [p] }, { token: marketer })).status).toBe(200);
  });

  it('refuses invalid conditions with 422 naming the column, and a second segment of the same name with 409', async () => {
    const broken = await host.api.post('/api/segments', { name: 'broken', condition: 'profile@stats.events >=' });
    expect(broken.status).toBe(422);
    expect(broken.body.error).toMatchObject({ code: 'invalid_condition', details: { field: 'condition', column: 24 } });
    expect(broken.body.error.message).toMatch(/column 24/);
    const eventPath = await host.api.post('/api/segments', { name: 'by event', condition: "profile@stats.events > 1 AND event@type == 'buy'" });
    expect(eventPath.status).toBe(422);
    expect(eventPath.body.error).toMatchObject({ code: 'invalid_condition', details: { column: 30 } });
    const missing = await host.api.post('/api/segments', { name: 'no condition' });
    expect(missing.status).toBe(422);
    expect((await host.api.post('/api/segments', { name: 'twice', condition: 'profile@stats.visits > 0' })).status).toBe(201);
    const twice = await host.api.post('/api/segments', { name: 'twice', condition: 'profile@stats.visits > 1' });
    expect(twice.status).toBe(409);
    const names = (await host.api.get('/api/segments')).body.items.map((s: { name: string }) => s.name);
    expect(names).not.toContain('broken');
    expect(names.filter((n: string) => n === 'twice')).toHaveLength(1);
    expect((await host.api.post('/api/segments/no-such-segment/run')).status).toBe(404);
  });
});
