import type { DashboardStats } from '@tessera/host/stats/stats.schema.ts';

/** An ECharts option object (kept loose: the chart library validates it). */
export type ChartOption = Record<string, unknown>;

const GREEN = '#18a058';
const RED = '#d03050';
const BLUE = '#2080f0';
const grid = { left: 40, right: 16, top: 16, bottom: 28, containLabel: true };
const hhmm = (iso: string) => { const d = new Date(iso); return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`; };
const day = (iso: string) => { const d = new Date(iso); return `${d.getUTCDate()}/${d.getUTCMonth() + 1}`; };

/** Events per minute over the last hour: an area line. */
export function eventsPerMinuteOption(s: DashboardStats): ChartOption {
  return {
    grid, tooltip: { trigger: 'axis' }, animationDuration: 400,
    xAxis: { type: 'category', data: s.eventsPerMinute.map((b) => hhmm(b.t)), boundaryGap: false, axisLabel: { interval: 9 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'events', type: 'line', smooth: true, showSymbol: false, data: s.eventsPerMinute.map((b) => b.count), areaStyle: { opacity: 0.15 }, lineStyle: { width: 2 }, color: GREEN }],
  };
}

/** Events by type over 24 hours: a donut of the top types, the rest summed as "other". */
export function eventsByTypeOption(s: DashboardStats, top = 8): ChartOption {
  const head = s.eventsByType.slice(0, top).map((t) => ({ name: t.type, value: t.count }));
  const rest = s.eventsByType.slice(top).reduce((a, b) => a + b.count, 0);
  if (rest > 0) head.push({ name: 'other', value: rest });
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' }, animationDuration: 400,
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
    series: [{ type: 'pie', radius: ['45%', '72%'], center: ['38%', '50%'], avoidLabelOverlap: true, label: { show: false }, data: head }],
  };
}

/** New profiles per day: bars. */
export function profilesPerDayOption(s: DashboardStats): ChartOption {
  return {
    grid, tooltip: { trigger: 'axis' }, animationDuration: 400,
    xAxis: { type: 'category', data: s.newProfilesPerDay.map((b) => day(b.t)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'new profiles', type: 'bar', data: s.newProfilesPerDay.map((b) => b.count), color: BLUE, barMaxWidth: 24, itemStyle: { borderRadius: [3, 3, 0, 0] } }],
  };
}

/** Flow errors per hour: red bars, so a quiet chart reads as good news. */
export function flowErrorsOption(s: DashboardStats): ChartOption {
  return {
    grid, tooltip: { trigger: 'axis' }, animationDuration: 400,
    xAxis: { type: 'category', data: s.flowErrorsPerHour.map((b) => hhmm(b.t)), axisLabel: { interval: 5 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'events with flow errors', type: 'bar', data: s.flowErrorsPerHour.map((b) => b.count), color: RED, barMaxWidth: 14 }],
  };
}

/** Whether a series has anything to plot (an all-zero chart gets an empty state instead). */
export function hasData(values: readonly { count: number }[]): boolean {
  return values.some((v) => v.count > 0);
}
