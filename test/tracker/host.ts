/**
 * The host under test, seen through its public HTTP API: event sources, their snippet, and stored events.
 */
import { startHost, type StartedHost } from './internal/start-host.ts';

/** An event as `GET /api/events` lists it (the fields these tests read). */
export interface StoredEvent {
  id: string;
  type: string;
  profileId: string | null;
  sessionId: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  system?: boolean;
}

/** A running host plus the API calls the tracker tests need. */
export interface TrackerHost {
  url: string;
  /** Creates a REST event source that browsers on `origins` may use; returns its id. */
  createSource(origins: string[]): Promise<string>;
  /** The HTML snippet of a source, pointing at this host. */
  snippet(sourceId: string): Promise<string>;
  /** Stored events of a source that a client sent (system events such as `profile-created` are left out). */
  events(sourceId: string): Promise<StoredEvent[]>;
  /** Polls the stored events of a source until `until` holds (beacons and fires arrive asynchronously). */
  waitForEvents(sourceId: string, until: (items: StoredEvent[]) => boolean, timeoutMs?: number): Promise<StoredEvent[]>;
  stop(): Promise<void>;
}

let sourceCounter = 0;

/** Starts a host process and signs in as its bootstrap admin. */
export async function startTrackerHost(): Promise<TrackerHost> {
  const host: StartedHost = await startHost();
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${host.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${host.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : null;
  };
  const events = async (sourceId: string): Promise<StoredEvent[]> =>
    ((await call('GET', `/api/events?source=${encodeURIComponent(sourceId)}&limit=500`)).items as StoredEvent[]).filter((e) => !e.system);

  return {
    url: host.url,
    async createSource(origins) {
      const id = `web-${process.pid}-${++sourceCounter}`;
      await call('POST', '/api/sources', { id, name: `Demo shop ${sourceCounter}`, type: 'rest', allowedOrigins: origins });
      return id;
    },
    async snippet(sourceId) {
      const { snippet } = await call('GET', `/api/sources/${encodeURIComponent(sourceId)}/snippet?api=${encodeURIComponent(host.url)}`);
      return snippet as string;
    },
    events,
    async waitForEvents(sourceId, until, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const items = await events(sourceId);
        if (until(items)) return items;
        if (Date.now() > deadline) throw new Error(`events of ${sourceId} never matched; last seen: ${JSON.stringify(items.map((e) => e.type))}`);
        await new Promise((r) => setTimeout(r, 150));
      }
    },
    stop: () => host.stop(),
  };
}
