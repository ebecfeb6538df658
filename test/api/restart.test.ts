/** Durability: what /track acknowledged survives a SIGKILL; SIGTERM lets in-flight requests finish and exits 0. */
import { afterAll, describe, expect, it } from 'vitest';
import { startHost, type HostHandle } from '../helpers/index.ts';

const hosts: HostHandle[] = [];
afterAll(async () => {
  for (const h of hosts.reverse()) await h.dispose();
});

async function allEventIds(host: HostHandle, sourceId: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: any = await host.api.get(`/api/events?source=${sourceId}&limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    for (const e of page.body.items) ids.add(e.id);
    cursor = page.body.next;
  } while (cursor);
  return ids;
}

describe('restart', () => {
  it('every event acknowledged before a SIGKILL is there after the host starts again', async () => {
    const first = await startHost();
    hosts.push(first);
    const source = await first.api.createSource({ name: 'durable' });
    const acknowledged: string[] = [];
    let stop = false;
    // Eight concurrent senders keep the group committer busy right up to the kill.
    const sender = async () => {
      while (!stop) {
        try {
          const res = await first.api.track({ source: { id: source.id }, events: [{ type: 'order' }, { type: 'view' }] });
          if (res.status === 200) acknowledged.push(...res.body.events);
        } catch { return; /* connection dropped by the kill */ }
      }
    };
    const senders = Array.from({ length: 8 }, sender);
    while (acknowledged.length < 400) await new Promise((r) => setTimeout(r, 10));
    await first.kill();
    stop = true;
    await Promise.all(senders);

    const second = await startHost({ dataDir: first.dataDir });
    hosts.push(second);
    const stored = await allEventIds(second, source.id);
    const missing = acknowledged.filter((id) => !stored.has(id));
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);
    expect(missing).toEqual([]);
    await second.stop();
  });

  it('SIGTERM finishes in-flight requests, commits them, and exits 0', async () => {
    const host = await startHost();
    hosts.push(host);
    const source = await host.api.createSource({ name: 'graceful' });
    const inflight = Array.from({ length: 20 }, () => host.api.track({ source: { id: source.id }, events: [{ type: 'view' }] }).catch(() => null));
    await new Promise((r) => setTimeout(r, 5));
    const code = await host.stop();
    const answers = await Promise.all(inflight);
    expect(code).toBe(0);
    const acknowledged = answers.filter((a) => a?.status === 200).flatMap((a) => a!.body.events as string[]);
    // Nothing answered with a 5xx: each request either completed or was never accepted.
    expect(answers.filter((a) => a && a.status >= 500 && a.status !== 503)).toEqual([]);

    const again = await startHost({ dataDir: host.dataDir });
    hosts.push(again);
    const stored = await allEventIds(again, source.id);
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    expect(host.logs()).not.toMatch(/"level":50/);
  });
});
