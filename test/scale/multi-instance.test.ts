/**
 * Scale mode end to end: a public collector (EXPOSE_GUI_API=no), an internal API instance and a `tessera worker`,
 * three processes on one Elasticsearch and one Redis, as in deploy/.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineForTests } from '../engines/env.ts';
import { dropIndices } from '../engines/cleanup.ts';
import { eventually, startHost, type HostHandle } from '../helpers/index.ts';

const elastic = await engineForTests('elasticsearch');
const redis = await engineForTests('redis');

describe.runIf(elastic && redis)('scale mode: collector + API instance + worker on one Elasticsearch and Redis', () => {
  const base = `mi-${randomBytes(4).toString('hex')}`;
  const env = {
    STORAGE: 'elasticsearch', ELASTIC_HOST: elastic!, ELASTIC_INDEX_PREFIX: base, ELASTIC_INDEX_REPLICAS: '0', REDIS_HOST: redis!,
    // Every host must decrypt what another stored (source secrets): one installation key.
    TESSERA_SECRET: randomBytes(24).toString('hex'), REGISTRY_SEED: 'no',
  };
  let apiHost: HostHandle;
  let collector: HostHandle;
  let worker: HostHandle;
  let sourceId: string;

  beforeAll(async () => {
    // The API instance migrates the indices first; the others then find them ready.
    apiHost = await startHost({ env, readyTimeoutMs: 120_000 });
    [collector, worker] = await Promise.all([
      // A long source cache: only the pub/sub invalidation can make the collector notice a change quickly.
      startHost({ env: { ...env, EXPOSE_GUI_API: 'no', SOURCE_CACHE_TTL_MS: '600000' }, readyTimeoutMs: 120_000 }),
      startHost({ env, command: 'worker', readyTimeoutMs: 120_000 }),
    ]);
    sourceId = (await apiHost.api.createSource({ name: 'scale source' })).id;
  }, 300_000);

  afterAll(async () => {
    await Promise.all([collector?.dispose(), worker?.dispose(), apiHost?.dispose()]);
    await dropIndices(elastic!, base);
  });

  it('exposes only the collector routes on the collector', async () => {
    expect((await collector.api.get('/api/events', { token: null })).status).toBe(404);
    expect((await apiHost.api.get('/api/jobs')).body).toMatchObject({ queue: 'bullmq' });
  });

  it('creates exactly one profile for one new session hit by concurrent /track calls, across hosts (Tracardi #652)', async () => {
    const sessionId = `sess-${randomUUID()}`;
    // Mostly through the collector, some through the API instance: only a lock shared in Redis keeps them apart.
    const answers = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 4 === 3 ? apiHost : collector).api.track({
      source: { id: sourceId }, session: { id: sessionId },
      events: [{ type: 'page-view', properties: { n: i } }],
    })));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const profileIds = new Set(answers.map((a) => a.body.profile.id));
    expect(profileIds.size).toBe(1);
    const [profileId] = [...profileIds];

    // Seen through the API instance: one session pointing at that profile, one profile-created event, 16 page views.
    const session = await apiHost.api.get(`/api/sessions/${sessionId}`);
    expect(session.status).toBe(200);
    expect(session.body.profileId).toBe(profileId);
    const events = await eventually('the 16 page views on the API instance', async () => {
      const res = await apiHost.api.get(`/api/events?session=${sessionId}&limit=100`);
      return res.body.items.filter((e: { type: string }) => e.type === 'page-view').length === 16 ? res.body.items : undefined;
    });
    expect(new Set(events.map((e: { profileId: string }) => e.profileId))).toEqual(new Set([profileId]));
    const created = await apiHost.api.get(`/api/events?type=profile-created&profile=${profileId}`);
    expect(created.body.items).toHaveLength(1);
    expect((await apiHost.api.get(`/api/profiles/${profileId}`)).status).toBe(200);
  });

  it('runs a job enqueued on the API instance on the worker, and keeps a refused one as an inspectable dead letter', async () => {
    const eventId = randomUUID();
    const imported = await apiHost.api.post('/api/import/track', {
      payloads: [{ source: { id: sourceId }, session: { id: `import-${randomUUID()}` }, events: [{ id: eventId, type: 'purchase', properties: { total: 42 } }] }],
    });
    expect(imported.status).toBe(202);
    const event = await eventually('the imported event', async () => {
      const res = await apiHost.api.get(`/api/events/${eventId}`);
      return res.status === 200 ? res.body : undefined;
    });
    expect(event).toMatchObject({ type: 'purchase', properties: { total: 42 }, sourceId });
    // The API instance registers no job handlers in scale mode: the worker ran it.
    expect((await apiHost.api.get('/api/jobs')).body.jobs.import.completed).toBe(0);

    const refused = await apiHost.api.post('/api/import/track', { payloads: [{ source: { id: 'no-such-source' }, events: [{ type: 'x' }] }] });
    expect(refused.status).toBe(202);
    const dead = await eventually('the dead letter', async () => {
      const res = await apiHost.api.get('/api/jobs/dead-letters?name=import');
      return res.body.items.find((d: { id: string }) => d.id === refused.body.job.id);
    });
    expect(dead.error).toContain('source_unknown');
    expect(dead.attempts).toBe(1);
    expect((await apiHost.api.post(`/api/jobs/dead-letters/${dead.id}/retry`)).status).toBe(200);
    expect((await apiHost.api.post('/api/jobs/dead-letters/no-such-job/retry')).status).toBe(404);
    // Retried with fresh attempts, it fails the same way on the worker and is back in the list.
    await eventually('the retried job to fail again', async () => {
      const res = await apiHost.api.get('/api/jobs/dead-letters?name=import');
      return res.body.items.some((d: { id: string; failedAt: string }) => d.id === dead.id && d.failedAt > dead.failedAt) ? true : undefined;
    });
  });

  it('invalidates the collector\'s source cache through Redis pub/sub when the API instance changes a source', async () => {
    const track = () => collector.api.track({ source: { id: sourceId }, events: [{ type: 'ping' }] });
    expect((await track()).status).toBe(200);
    const source = (await apiHost.api.get(`/api/sources/${sourceId}`)).body;
    expect((await apiHost.api.put(`/api/sources/${sourceId}`, { ...source, enabled: false })).status).toBe(200);
    // The collector caches sources for 10 minutes; it refuses within seconds only because the change was published.
    const refused = await eventually('the collector to refuse the disabled source', async () => {
      const res = await track();
      return res.status === 403 ? res : undefined;
    }, 5000);
    expect(refused.body.error.code).toBe('source_disabled');
  });

  it('stops the worker cleanly on SIGTERM', async () => {
    expect(await worker.stop()).toBe(0);
  });
});
