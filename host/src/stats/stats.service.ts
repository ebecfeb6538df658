/**
 * Dashboard aggregates computed through the storage port only, so they work on every adapter. Time series are
 * bucket counts over indexed time fields (one `count` per bucket); the by-type breakdown groups a bounded window of
 * recent events because the port has no group-by.
 */
import type { Filter, Store } from '../storage/index.ts';
import type { Bucket, DashboardStats, FlowErrorSample } from './stats.schema.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How many recent events the by-type breakdown reads at most. */
export const BY_TYPE_WINDOW = 5000;

/** Start of the bucket of `size` ms containing `ms` (UTC-aligned). */
export function bucketStart(ms: number, size: number): number {
  return Math.floor(ms / size) * size;
}

async function series(count: (filters: Filter[]) => Promise<number>, field: string, end: number, size: number, n: number, extra: Filter[] = []): Promise<Bucket[]> {
  const first = bucketStart(end, size) - (n - 1) * size;
  const starts = Array.from({ length: n }, (_, i) => first + i * size);
  const counts = await Promise.all(starts.map((s) => count([
    ...extra,
    { field, op: 'gte', value: new Date(s).toISOString() },
    { field, op: 'lt', value: new Date(s + size).toISOString() },
  ])));
  return starts.map((s, i) => ({ t: new Date(s).toISOString(), count: counts[i]! }));
}

async function eventsByType(store: Store, since: string): Promise<{ items: { type: string; count: number }[]; sampled: boolean }> {
  const counts = new Map<string, number>();
  let cursor: string | null = null;
  let read = 0;
  do {
    const page = await store.events.search({ filters: [{ field: 'time', op: 'gte', value: since }], sort: [{ field: 'time', order: 'desc' }], limit: 1000, cursor });
    for (const e of page.items) counts.set(e.type, (counts.get(e.type) ?? 0) + 1);
    read += page.items.length;
    cursor = page.next;
  } while (cursor && read < BY_TYPE_WINDOW);
  const items = [...counts.entries()].map(([type, count]) => ({ type, count })).sort((a, b) => b.count - a.count || a.type.localeCompare(b.type));
  return { items, sampled: cursor !== null };
}

/** Computes the dashboard at time `now` (ms). */
export async function dashboardStats(store: Store, now = Date.now()): Promise<DashboardStats> {
  const countEvents = (f: Filter[]) => store.events.count(f);
  const errorFilter: Filter[] = [{ field: 'status', op: 'eq', value: 'error' }];
  const since24h = new Date(now - DAY).toISOString();
  const [perMinute, byType, perDay, errorsPerHour, totalEvents, totalProfiles, recent] = await Promise.all([
    series(countEvents, 'time', now, MINUTE, 60),
    eventsByType(store, since24h),
    series((f) => store.profiles.count(f), 'createdAt', now, DAY, 14),
    series(countEvents, 'time', now, HOUR, 24, errorFilter),
    store.events.count(),
    store.profiles.count(),
    store.events.search({ filters: [...errorFilter, { field: 'time', op: 'gte', value: since24h }], sort: [{ field: 'time', order: 'desc' }], limit: 10 }),
  ]);
  const recentFlowErrors: FlowErrorSample[] = recent.items.map((e) => ({ eventId: e.id, type: e.type, time: e.time, profileId: e.profileId, flows: e.flows ?? [] }));
  return {
    generatedAt: new Date(now).toISOString(),
    totals: {
      events: totalEvents,
      profiles: totalProfiles,
      eventsLastHour: perMinute.reduce((a, b) => a + b.count, 0),
      flowErrorsLast24h: errorsPerHour.reduce((a, b) => a + b.count, 0),
    },
    eventsPerMinute: perMinute,
    eventsByType: byType.items,
    eventsByTypeSampled: byType.sampled,
    newProfilesPerDay: perDay,
    flowErrorsPerHour: errorsPerHour,
    recentFlowErrors,
  };
}
