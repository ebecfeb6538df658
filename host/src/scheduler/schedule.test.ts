import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedQueue, type EmbeddedQueue } from '../queue/index.ts';
import { createSqliteStore, type SqliteStore } from '../storage/sqlite/index.ts';
import { checkSchedule, MAX_SCHEDULE_DEPTH, scheduledEvents, scheduleEvent } from './schedule.ts';

const NOW = Date.parse('2030-01-01T00:00:00Z');

describe('checkSchedule', () => {
  it('turns a delay or a time into a due time and normalises the event type', () => {
    expect(checkSchedule({ type: 'Cart Reminder', delaySeconds: 90, properties: { a: 1 } }, NOW)).toEqual({ eventType: 'cart-reminder', dueAtMs: NOW + 90_000, properties: { a: 1 } });
    expect(checkSchedule({ eventType: 'x', at: '2030-01-02T00:00:00Z' }, NOW)).toMatchObject({ dueAtMs: NOW + 86_400_000, properties: {} });
    // A time a few seconds past (clock skew) fires at once instead of failing.
    expect(checkSchedule({ eventType: 'x', at: '2029-12-31T23:59:30Z' }, NOW).dueAtMs).toBe(NOW);
  });

  it('names the field of every mistake', () => {
    const field = (raw: unknown) => {
      try { checkSchedule(raw, NOW); } catch (e) { return (e as { code: string; details: { fields: Array<{ path: string }> } }).details.fields[0]!.path; }
      return null;
    };
    expect(field({ type: '', delaySeconds: 1 })).toBe('type');
    expect(field({ eventType: '@internal', delaySeconds: 1 })).toBe('eventType');
    expect(field({ type: 'x' })).toBe('delaySeconds');
    expect(field({ type: 'x', delaySeconds: 1, at: '2030-01-02' })).toBe('at');
    expect(field({ type: 'x', delaySeconds: 1.5 })).toBe('delaySeconds');
    expect(field({ type: 'x', delaySeconds: 400 * 86_400 })).toBe('delaySeconds');
    expect(field({ type: 'x', at: 'tomorrow' })).toBe('at');
    expect(field({ type: 'x', at: '2020-01-01' })).toBe('at');
    expect(field({ type: 'x', at: '2032-01-01' })).toBe('at');
    expect(field({ type: 'x', delaySeconds: 1, properties: [1] })).toBe('properties');
    expect(field({ type: 'x', delaySeconds: 1, properties: { big: 'x'.repeat(70_000) } })).toBe('properties');
    expect(field('soon')).toBe('schedule');
  });
});

describe('scheduleEvent', () => {
  let dir: string;
  let store: SqliteStore;
  let queue: EmbeddedQueue;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-sched-'));
    store = await createSqliteStore(path.join(dir, 'tessera.sqlite'));
    queue = await createEmbeddedQueue(path.join(dir, 'queue.sqlite'));
  });
  afterAll(async () => {
    await queue.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const target = { profileId: 'p1', sessionId: 's1', origin: { kind: 'api' as const, by: 'u1' } };

  it('records the pending event and enqueues a delayed job carrying it', async () => {
    const record = await scheduleEvent({ store, queue }, checkSchedule({ type: 'reminder', delaySeconds: 3600 }), { ...target, depth: 1 });
    expect(await scheduledEvents({ store }).get(record.id)).toEqual(record);
    expect((await queue.stats())['scheduled-event']).toMatchObject({ delayed: 1 });
  });

  it('refuses a chain deeper than the limit and writes nothing', async () => {
    const before = await scheduledEvents({ store }).count();
    await expect(scheduleEvent({ store, queue }, checkSchedule({ type: 'x', delaySeconds: 1 }), { ...target, depth: MAX_SCHEDULE_DEPTH + 1 }))
      .rejects.toMatchObject({ code: 'schedule_depth_exceeded' });
    expect(await scheduledEvents({ store }).count()).toBe(before);
  });

  it('leaves no pending record when the queue refuses the job', async () => {
    const closed = await createEmbeddedQueue(path.join(dir, 'closed.sqlite'));
    await closed.close();
    const before = await scheduledEvents({ store }).count();
    await expect(scheduleEvent({ store, queue: closed }, checkSchedule({ type: 'x', delaySeconds: 1 }), { ...target, depth: 1 })).rejects.toMatchObject({ kind: 'operational', status: 503 });
    expect(await scheduledEvents({ store }).count()).toBe(before);
  });
});
