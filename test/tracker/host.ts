/**
 * The host under test (the shared `startHost()` helper), seen through its public HTTP API: event sources, their
 * snippet, and stored events.
 */
import { startHost, type HostHandle } from '../helpers/index.ts';

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
  handle: HostHandle;
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

async function ok<T>(what: string, res: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** Starts a host process; the admin is set up on first use by the shared API client. */
export async function startTrackerHost(): Promise<TrackerHost> {
  const handle = await startHost();
  const { api } = handle;
  const events = async (sourceId: string): Promise<StoredEvent[]> => {
    const page = await ok('GET /api/events', api.get<{ items: StoredEvent[] }>(`/api/events?source=${encodeURIComponent(sourceId)}&limit=500`));
    return page.items.filter((e) => !e.system);
  };

  return {
    url: handle.url,
    handle,
    async createSource(origins) {
      return (await api.createSource({ name: 'Demo shop', allowedOrigins: origins })).id;
    },
    async snippet(sourceId) {
      const path = `/api/sources/${encodeURIComponent(sourceId)}/snippet?api=${encodeURIComponent(handle.url)}`;
      return (await ok('GET snippet', api.get<{ snippet: string }>(path))).snippet;
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
    stop: () => handle.dispose(),
  };
}
