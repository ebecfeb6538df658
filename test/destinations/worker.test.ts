/**
 * Scale mode: a destination's `dispatch` job, enqueued by the host's /track, and a due `scheduled-event` job run on a
 * `tessera worker` process (BullMQ on Redis, storage on Elasticsearch). Runs when both engines answer; with TESSERA_REQUIRE_ENGINES=yes a
 * missing engine fails the suite instead.
 *
 * The worker shares the host's data folder here only to reach the host's embedded registry (no REGISTRY_URL); a
 * worker with its own data folder fetching plugins from a shared registry is test/scale/plugins-across-hosts.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineForTests } from '../engines/env.ts';
import { dropIndices } from '../engines/cleanup.ts';
import { startHost, waitForPlugins, type HostHandle } from '../helpers/index.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const elastic = await engineForTests('elasticsearch');
const redis = await engineForTests('redis');

describe.runIf(elastic && redis)('dispatch and scheduled-event jobs on a tessera worker', () => {
  const base = `dw-${randomBytes(4).toString('hex')}`;
  const env = {
    STORAGE: 'elasticsearch', ELASTIC_HOST: elastic!, ELASTIC_INDEX_PREFIX: base, ELASTIC_INDEX_REPLICAS: '0', REDIS_HOST: redis!,
    TESSERA_SECRET: randomBytes(24).toString('hex'), SANDBOX_ALLOW_PRIVATE_HOSTS: '127.0.0.1',
  };
  let host: HostHandle;
  let worker: HostHandle;
  let receiver: Receiver;

  beforeAll(async () => {
    receiver = await startReceiver();
    host = await startHost({ env, readyTimeoutMs: 120_000 });
    await waitForPlugins(host.api, ['@tessera/plugin-webhook-destination']);
    worker = await startHost({ env: { ...env, REGISTRY_SEED: 'no' }, dataDir: host.dataDir, command: 'worker', readyTimeoutMs: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await worker?.stop();
    await host?.dispose();
    await receiver?.close();
    await dropIndices(elastic!, base);
  });

  it('the worker, not the host, sends the tracked event to the destination', async () => {
    const sourceId = (await host.api.createSource({ name: 'scale shop' })).id;
    const created = await host.api.post('/api/destinations', {
      name: 'Hook', plugin: { name: '@tessera/plugin-webhook-destination', version: '1.0.0' }, on: 'event', eventTypes: ['purchase'],
      config: { url: `${receiver.url}/scale`, allowlist: ['127.0.0.1'] }, resources: { auth: { token: 'scale-token' } },
    });
    expect(created.status).toBe(201);
    const res = await host.api.track({ source: { id: sourceId }, events: [{ type: 'purchase', properties: { total: 7 } }] });
    expect(res.status).toBe(200);
    const [got] = await receiver.waitFor('/scale', 1, 30_000);
    expect(got.headers.authorization).toBe('Bearer scale-token');
    expect(got.body.event).toMatchObject({ id: res.body.events.at(-1), type: 'purchase', properties: { total: 7 } });
    // With BullMQ the host registers no job handlers: the job ran on the worker.
    const jobs = (await host.api.get('/api/jobs')).body;
    expect(jobs.queue).toBe('bullmq');
    expect(jobs.jobs.dispatch.completed).toBe(0);
  });

  it('a scheduled event is injected by the worker when due', async () => {
    const sourceId = (await host.api.createSource({ name: 'scale shop 2' })).id;
    const res = await host.api.track({ source: { id: sourceId }, events: [{ type: 'page-view' }] });
    const profileId = res.body.profile.id;
    const scheduled = await host.api.post('/api/events/schedule', { eventType: 'reminder', profileId, delaySeconds: 1 });
    expect(scheduled.status).toBe(201);
    expect((await host.api.get(`/api/scheduled-events?profile=${profileId}`)).body.items).toHaveLength(1);
    const end = Date.now() + 30_000;
    let events: Array<{ id: string; sourceId: string }> = [];
    while (events.length === 0 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 300));
      events = (await host.api.get(`/api/events?type=reminder&profile=${profileId}`)).body.items;
    }
    expect(events).toEqual([expect.objectContaining({ id: scheduled.body.id, sourceId: '@scheduler' })]);
    expect((await host.api.get('/api/jobs')).body.jobs['scheduled-event'].completed).toBe(0);
  });
});
