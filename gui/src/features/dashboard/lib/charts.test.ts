import { describe, expect, it } from 'vitest';
import type { DashboardStats } from '@tessera/host/stats/stats.schema.ts';
import { eventsByTypeOption, eventsPerMinuteOption, hasData } from './charts.ts';

const stats = {
  eventsPerMinute: [{ t: '2026-11-28T15:00:00.000Z', count: 0 }, { t: '2026-11-28T15:01:00.000Z', count: 4 }],
  eventsByType: Array.from({ length: 10 }, (_, i) => ({ type: `t${i}`, count: 10 - i })),
} as unknown as DashboardStats;

describe('dashboard charts', () => {
  it('plots one point per minute bucket', () => {
    const o = eventsPerMinuteOption(stats) as { series: { data: number[] }[]; xAxis: { data: string[] } };
    expect(o.series[0]!.data).toEqual([0, 4]);
    expect(o.xAxis.data).toHaveLength(2);
  });

  it('keeps the top types and sums the rest as other', () => {
    const o = eventsByTypeOption(stats, 8) as { series: { data: { name: string; value: number }[] }[] };
    const data = o.series[0]!.data;
    expect(data).toHaveLength(9);
    expect(data.at(-1)).toEqual({ name: 'other', value: 2 + 1 });
  });

  it('treats an all-zero series as empty', () => {
    expect(hasData([{ count: 0 }, { count: 0 }])).toBe(false);
    expect(hasData(stats.eventsPerMinute)).toBe(true);
  });
});
