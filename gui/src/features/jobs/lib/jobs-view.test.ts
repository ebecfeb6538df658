import { describe, expect, it } from 'vitest';
import { deadLetterNames, dueIn, errorHeadline, hasQueueData, originLabel, queueChartOption, queueRows, queueTotals } from './jobs-view.ts';

const counts = (o: Partial<Record<'waiting' | 'delayed' | 'active' | 'dead' | 'completed' | 'failed', number>>) =>
  ({ waiting: 0, delayed: 0, active: 0, dead: 0, completed: 0, failed: 0, ...o });

describe('queue rows', () => {
  it('puts job names with dead letters first, then the busiest', () => {
    const rows = queueRows({ segment: counts({ waiting: 3 }), dispatch: counts({ dead: 1, failed: 5 }), import: counts({}), merge: counts({ delayed: 1, active: 1 }) });
    expect(rows.map((r) => r.name)).toEqual(['dispatch', 'segment', 'merge', 'import']);
    expect(rows.find((r) => r.name === 'merge')!.pending).toBe(2);
    expect(queueTotals(rows)).toEqual({ pending: 5, dead: 1, completed: 0, failed: 5 });
  });
});

describe('dead letters', () => {
  it('lists each job name once, sorted', () => {
    const d = (name: string) => ({ id: name, name, payload: {}, attempts: 1, error: '', createdAt: '', failedAt: '' }) as never;
    expect(deadLetterNames([d('segment'), d('dispatch'), d('segment')])).toEqual(['dispatch', 'segment']);
  });
  it('shows the first line of an error, cut to length', () => {
    expect(errorHeadline('fetch_failed: ECONNREFUSED\n  at x')).toBe('fetch_failed: ECONNREFUSED');
    expect(errorHeadline('x'.repeat(300), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});

describe('scheduled events', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('says when an event fires', () => {
    expect(dueIn('2026-01-01T00:00:30Z', now)).toBe('in 30 s');
    expect(dueIn('2026-01-01T00:10:00Z', now)).toBe('in 10 min');
    expect(dueIn('2026-01-01T05:00:00Z', now)).toBe('in 5 h');
    expect(dueIn('2026-01-04T00:00:00Z', now)).toBe('in 3 d');
    expect(dueIn('2025-12-31T23:59:00Z', now)).toBe('due');
    expect(dueIn('not a time', now)).toBe('—');
  });
  it('names who scheduled it', () => {
    expect(originLabel({ kind: 'flow', flowId: 'f1', nodeId: 'n2' })).toBe('flow f1 (node n2)');
    expect(originLabel({ kind: 'api', by: 'u1' })).toBe('operator u1');
    expect(originLabel({ kind: 'api' })).toBe('operator');
  });
});

describe('queue chart', () => {
  it('draws pending, dead, completed and failed attempts per job name, busiest on top', () => {
    const rows = queueRows({ a: counts({ waiting: 2, completed: 4 }), b: counts({ dead: 3, failed: 6 }) });
    const option = queueChartOption(rows) as { yAxis: { data: string[] }; series: { name: string; data: number[] }[] };
    expect(option.yAxis.data).toEqual(['a', 'b']);
    expect(option.series.find((s) => s.name === 'dead')!.data).toEqual([0, 3]);
    expect(option.series.find((s) => s.name === 'pending')!.data).toEqual([2, 0]);
    expect(option.series.find((s) => s.name === 'failed attempts')!.data).toEqual([0, 6]);
    expect(hasQueueData(rows)).toBe(true);
    expect(hasQueueData(queueRows({ a: counts({}) }))).toBe(false);
  });
});
