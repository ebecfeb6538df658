import type { DeadLetter, JobCounts, ScheduledEvent } from '../../../api/index.ts';

/** One row of the queue table: a job name and its counts. */
export interface QueueRow extends JobCounts {
  name: string;
  /** Jobs not finished yet (waiting, delayed or running). */
  pending: number;
}

/** The queue stats as rows: busiest first (dead letters, then pending work), then by name. */
export function queueRows(jobs: Record<string, JobCounts>): QueueRow[] {
  return Object.entries(jobs)
    .map(([name, c]) => ({ name, ...c, pending: c.waiting + c.delayed + c.active }))
    .sort((a, b) => b.dead - a.dead || b.pending - a.pending || a.name.localeCompare(b.name));
}

/** Totals over every job name, for the headline numbers. */
export function queueTotals(rows: readonly QueueRow[]): Pick<QueueRow, 'pending' | 'dead' | 'completed' | 'failed'> {
  return rows.reduce((t, r) => ({ pending: t.pending + r.pending, dead: t.dead + r.dead, completed: t.completed + r.completed, failed: t.failed + r.failed }),
    { pending: 0, dead: 0, completed: 0, failed: 0 });
}

/** The job names the dead letters have, for the filter. */
export function deadLetterNames(items: readonly DeadLetter[]): string[] {
  return [...new Set(items.map((d) => d.name))].sort();
}

/**
 * The first line of a dead letter's error, cut to `max` characters: the table shows this, the detail the whole text.
 */
export function errorHeadline(error: string, max = 160): string {
  const line = error.split('\n', 1)[0] ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** When a scheduled event fires, relative to now: `in 5 min`, `in 2 h`, `in 3 d`, or `due` once the time passed. */
export function dueIn(dueAt: string, now = Date.now()): string {
  const s = Math.round((Date.parse(dueAt) - now) / 1000);
  if (!Number.isFinite(s)) return '—';
  if (s <= 0) return 'due';
  if (s < 60) return `in ${s} s`;
  if (s < 3600) return `in ${Math.round(s / 60)} min`;
  if (s < 86_400) return `in ${Math.round(s / 3600)} h`;
  return `in ${Math.round(s / 86_400)} d`;
}

/** Who scheduled an event, in a few words. */
export function originLabel(origin: ScheduledEvent['origin']): string {
  if (origin.kind === 'flow') return `flow ${origin.flowId ?? '?'}${origin.nodeId ? ` (node ${origin.nodeId})` : ''}`;
  return origin.by ? `operator ${origin.by}` : 'operator';
}

/** A chart option, loose like the dashboard's: the chart library validates it. */
export type ChartOption = Record<string, unknown>;

/**
 * Per job name, grouped horizontal bars of what is pending, dead, completed and failed (attempts) since start, so a
 * growing backlog, a dead pile or a failing job name stands out.
 */
export function queueChartOption(rows: readonly QueueRow[]): ChartOption {
  const shown = [...rows].reverse();
  const series = ([['pending', '#2080f0'], ['dead', '#d03050'], ['completed', '#18a058'], ['failed', '#f0a020']] as const).map(([key, color]) => ({
    name: key === 'failed' ? 'failed attempts' : key, type: 'bar', color, barMaxWidth: 10, data: shown.map((r) => r[key]),
  }));
  return {
    grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true }, tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 }, animationDuration: 400,
    xAxis: { type: 'value', minInterval: 1 }, yAxis: { type: 'category', data: shown.map((r) => r.name) }, series,
  };
}

/** True when any job name has anything to show (an all-zero chart says nothing). */
export function hasQueueData(rows: readonly QueueRow[]): boolean {
  return rows.some((r) => r.pending > 0 || r.dead > 0 || r.completed > 0 || r.failed > 0);
}
