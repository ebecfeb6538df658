/**
 * The dispatch jobs of an acknowledged /track survive a SIGKILL: they are committed with the request's data (the
 * store's outbox) and relayed to the queue by whichever process runs next, so every acknowledged event reaches its
 * destination although the host died right after answering.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { startHost, waitForPlugins, type HostHandle } from '../helpers/index.ts';
import { startReceiver, type Receiver } from './receiver.ts';

const WEBHOOK = { name: '@tessera/plugin-webhook-destination', version: '1.0.0' };
const hosts: HostHandle[] = [];
let receiver: Receiver | undefined;
afterAll(async () => {
  for (const h of hosts.reverse()) await h.dispose();
  await receiver?.close();
});

describe('outbox across a crash', () => {
  it('sends every event acknowledged before a SIGKILL once the host runs again', async () => {
    receiver = await startReceiver();
    const env = { SANDBOX_ALLOW_PRIVATE_HOSTS: '127.0.0.1' };
    const first = await startHost({ env });
    hosts.push(first);
    const sourceId = (await first.api.createSource({ name: 'shop' })).id;
    await waitForPlugins(first.api, [WEBHOOK.name]);
    const created = await first.api.post('/api/destinations', {
      name: 'CRM', plugin: WEBHOOK, on: 'event', eventTypes: ['order'],
      config: { url: `${receiver.url}/crm`, allowlist: ['127.0.0.1'] },
    });
    expect(created.status).toBe(201);

    const acknowledged: string[] = [];
    let stop = false;
    // Concurrent senders, killed mid-stream: some answers arrive just before the process dies.
    const sender = async () => {
      while (!stop) {
        try {
          const res = await first.api.track({ source: { id: sourceId }, events: [{ type: 'order' }] });
          if (res.status === 200) acknowledged.push(res.body.events.at(-1));
        } catch { return; /* connection dropped by the kill */ }
      }
    };
    const senders = Array.from({ length: 6 }, sender);
    while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 5));
    await first.kill();
    stop = true;
    await Promise.all(senders);

    const second = await startHost({ dataDir: first.dataDir, env });
    hosts.push(second);
    const sent = () => new Set(receiver!.at('/crm').map((r) => r.body?.event?.id as string));
    const end = Date.now() + 60_000;
    while (acknowledged.some((id) => !sent().has(id)) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(acknowledged.filter((id) => !sent().has(id))).toEqual([]);
    await second.stop();
  }, 180_000);
});
