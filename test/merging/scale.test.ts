/**
 * Scale mode: a merge job enqueued by an API host (Elasticsearch storage, BullMQ on Redis) runs on a separate
 * `tessera worker`, and so does a segment's batch evaluation. Skipped when the engines are not reachable; fails
 * instead with TESSERA_REQUIRE_ENGINES=yes (see test/engines/README.md).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineForTests } from '../engines/env.ts';
import { dropIndices } from '../engines/cleanup.ts';
import { eventually, startHost, type HostHandle } from '../helpers/index.ts';

const elastic = await engineForTests('elasticsearch');
const redis = await engineForTests('redis');

describe.runIf(elastic && redis)('scale mode: merge and segment jobs enqueued by a host run on a worker', () => {
  const base = `mg-${randomBytes(4).toString('hex')}`;
  const env = {
    STORAGE: 'elasticsearch', ELASTIC_HOST: elastic!, ELASTIC_INDEX_PREFIX: base, ELASTIC_INDEX_REPLICAS: '0', REDIS_HOST: redis!,
    TESSERA_SECRET: randomBytes(24).toString('hex'), REGISTRY_SEED: 'no',
  };
  let apiHost: HostHandle;
  let worker: HostHandle;
  let sourceId: string;

  beforeAll(async () => {
    apiHost = await startHost({ env, readyTimeoutMs: 120_000 });
    worker = await startHost({ env, command: 'worker', readyTimeoutMs: 120_000 });
    sourceId = (await apiHost.api.createSource({ name: 'scale shop' })).id;
  }, 300_000);

  afterAll(async () => {
    await Promise.all([worker?.dispose(), apiHost?.dispose()]);
    await dropIndices(elastic!, base);
  });

  it('merges two visitors identified with one e-mail on the worker, and evaluates a new segment there', async () => {
    const point = await apiHost.api.post('/api/identification-points', { name: 'e-mail', eventType: 'login', fields: [{ profile: 'pii.email', event: 'properties.email' }] });
    expect(point.status).toBe(201);
    const track = (session: string, type: string, properties: Record<string, unknown> = {}) =>
      apiHost.api.track({ source: { id: sourceId }, session: { id: session }, events: [{ type, properties }] });
    const email = `${randomUUID()}@example.com`;
    const s1 = `s-${randomUUID()}`;
    const s2 = `s-${randomUUID()}`;
    const older = (await track(s1, 'login', { email })).body.profile.id as string;
    const younger = (await track(s2, 'page-view')).body.profile.id as string;
    expect(younger).not.toBe(older);
    expect((await track(s2, 'login', { email: email.toUpperCase() })).status).toBe(200);

    const survivor = await eventually('the merge on the worker', async () => {
      const res = await apiHost.api.get(`/api/profiles/${younger}`);
      return res.status === 200 && res.body.id === older ? res.body : undefined;
    });
    expect(survivor.ids).toEqual(expect.arrayContaining([older, younger]));
    expect((await apiHost.api.get(`/api/sessions/${s2}`)).body.profileId).toBe(older);
    expect((await track(s2, 'page-view')).body.profile.id).toBe(older);
    // A new device identified by the same e-mail lands on the survivor directly (identification ids on Elasticsearch).
    expect((await track(`s-${randomUUID()}`, 'login', { email })).body.profile.id).toBe(older);
    // The API host registers no job handlers in scale mode: the worker did the work.
    const jobs = (await apiHost.api.get('/api/jobs')).body;
    expect(jobs).toMatchObject({ queue: 'bullmq' });
    expect(jobs.jobs.merge.completed).toBe(0);

    const segment = await apiHost.api.post('/api/segments', { name: 'identified', condition: 'profile@pii.email EXISTS' });
    expect(segment.status).toBe(201);
    const members = await eventually('the batch segment on the worker', async () => {
      const res = await apiHost.api.get('/api/profiles?segment=identified');
      return res.body.items.length > 0 ? res.body.items : undefined;
    });
    expect(members.map((p: { id: string }) => p.id)).toEqual([older]);
    expect((await apiHost.api.get('/api/jobs')).body.jobs.segment.completed).toBe(0);
  });
});
