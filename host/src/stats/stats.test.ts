import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStore, type Profile, type Store, type TrackedEvent } from '../storage/index.ts';
import { dashboardStats } from './stats.service.ts';

const NOW = Date.parse('2026-11-28T15:30:30.000Z');
const at = (msAgo: number) => new Date(NOW - msAgo).toISOString();

function event(id: string, type: string, msAgo: number, status = 'processed'): TrackedEvent {
  return {
    id, type, sourceId: 's1', profileId: 'p1', sessionId: null, time: at(msAgo), insertedAt: at(msAgo), properties: {}, context: {},
    options: {}, tags: [], status, ...(status === 'error' ? { flows: [{ flowId: 'f1', status: 'failed', node: 'http-1' }] } : {}),
  };
}

function profile(id: string, daysAgo: number): Profile {
  const t = at(daysAgo * 86_400_000);
  return { id, ids: [id], createdAt: t, updatedAt: t, traits: {}, pii: {}, consents: {}, segments: [], stats: { visits: 0, events: 0 }, version: 1 };
}

describe('dashboard stats (real SQLite store)', () => {
  let store: Store;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-stats-'));

  beforeAll(async () => {
    store = await createStore({ storage: 'sqlite', dataDir, production: false });
    await store.commit({
      events: [
        event('e1', 'page-view', 5_000), // current minute
        event('e2', 'page-view', 10_000), // current minute (minute started 30 s ago)
        event('e3', 'purchase', 2 * 60_000), // two minutes back
        event('e4', 'purchase', 3 * 3_600_000, 'error'), // 3 h ago: outside the hour, inside 24 h
        event('e5', 'page-view', 2 * 86_400_000), // 2 days ago: only in the total
      ],
      profiles: [profile('p1', 0), profile('p2', 0), profile('p3', 3), profile('p4', 30)],
    });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('counts events per minute over the last hour, ending with the current minute', async () => {
    const s = await dashboardStats(store, NOW);
    expect(s.eventsPerMinute).toHaveLength(60);
    expect(s.eventsPerMinute.at(-1)).toEqual({ t: '2026-11-28T15:30:00.000Z', count: 2 });
    expect(s.eventsPerMinute.at(-3)).toEqual({ t: '2026-11-28T15:28:00.000Z', count: 1 });
    expect(s.totals.eventsLastHour).toBe(3);
    expect(s.totals.events).toBe(5);
  });

  it('breaks the last 24 hours down by type, most frequent first', async () => {
    const s = await dashboardStats(store, NOW);
    expect(s.eventsByType).toEqual([{ type: 'page-view', count: 2 }, { type: 'purchase', count: 2 }]);
    expect(s.eventsByTypeSampled).toBe(false);
  });

  it('counts new profiles per UTC day over two weeks', async () => {
    const s = await dashboardStats(store, NOW);
    expect(s.newProfilesPerDay).toHaveLength(14);
    expect(s.newProfilesPerDay.at(-1)).toEqual({ t: '2026-11-28T00:00:00.000Z', count: 2 });
    expect(s.newProfilesPerDay.at(-4)).toEqual({ t: '2026-11-25T00:00:00.000Z', count: 1 });
    expect(s.newProfilesPerDay.reduce((a, b) => a + b.count, 0)).toBe(3);
    expect(s.totals.profiles).toBe(4);
  });

  it('reports flow errors per hour with the failing events', async () => {
    const s = await dashboardStats(store, NOW);
    expect(s.flowErrorsPerHour).toHaveLength(24);
    expect(s.flowErrorsPerHour.find((b) => b.count > 0)).toEqual({ t: '2026-11-28T12:00:00.000Z', count: 1 });
    expect(s.totals.flowErrorsLast24h).toBe(1);
    expect(s.recentFlowErrors).toEqual([{ eventId: 'e4', type: 'purchase', time: at(3 * 3_600_000), profileId: 'p1', flows: [{ flowId: 'f1', status: 'failed', node: 'http-1' }] }]);
  });
});
