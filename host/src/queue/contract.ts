/**
 * The queue contract: every Queue implementation passes this suite against its real engine.
 *
 * `open(dataset)` opens a queue over a data set: the same name reopens the same jobs (restart), another name is
 * isolated. Each test closes what it opened.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Job, Queue } from './port.ts';

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Registers the queue contract suite for one implementation. */
export function describeQueueContract(name: string, open: (dataset: string) => Promise<Queue>): void {
  describe(`queue contract: ${name}`, () => {
    const opened: Queue[] = [];
    const fresh = async (dataset = randomUUID()): Promise<Queue> => {
      const q = await open(dataset);
      opened.push(q);
      return q;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((q) => q.close()));
    });

    it('runs an enqueued job with its payload and id', async () => {
      const q = await fresh();
      const seen: Job[] = [];
      q.process<{ profileId: string }>('merge', (job) => { seen.push(job); });
      const id = await q.enqueue('merge', { profileId: 'p-1' });
      await until(() => seen.length === 1);
      expect(seen[0]).toMatchObject({ id, name: 'merge', payload: { profileId: 'p-1' }, attempt: 1 });
      await until(async () => (await q.stats()).merge.completed === 1);
    });

    it('keeps job names apart and runs at most `concurrency` jobs at once', async () => {
      const q = await fresh();
      let running = 0;
      let peak = 0;
      const done: number[] = [];
      q.process<{ n: number }>('segment', async (job) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 20));
        running -= 1;
        done.push(job.payload.n);
      }, { concurrency: 3 });
      const dispatched: unknown[] = [];
      q.process('dispatch', (job) => { dispatched.push(job.payload); });
      await Promise.all(Array.from({ length: 12 }, (_, n) => q.enqueue('segment', { n })));
      await q.enqueue('dispatch', 'only one');
      await until(() => done.length === 12 && dispatched.length === 1);
      expect(peak).toBe(3);
      expect(dispatched).toEqual(['only one']);
    });

    it('retries a failing job with growing backoff until it succeeds', async () => {
      const q = await fresh();
      const times: number[] = [];
      q.process('import', (job) => {
        times.push(Date.now());
        if (job.attempt < 3) throw new Error(`attempt ${job.attempt} failed`);
      });
      await q.enqueue('import', {}, { attempts: 3, backoffMs: 100 });
      await until(() => times.length === 3);
      expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(95);
      expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(195);
      await until(async () => (await q.stats()).import.completed === 1);
      expect(await q.deadLetters()).toEqual([]);
    });

    it('makes a dead letter after the last attempt, inspectable and retryable', async () => {
      const q = await fresh();
      let fixed = false;
      let runs = 0;
      q.process('dispatch', () => {
        runs += 1;
        if (!fixed) throw new Error('destination refused');
      });
      const id = await q.enqueue('dispatch', { to: 'crm' }, { attempts: 2, backoffMs: 10 });
      await until(async () => (await q.deadLetters('dispatch')).length === 1);
      const [dead] = await q.deadLetters();
      expect(dead).toMatchObject({ id, name: 'dispatch', payload: { to: 'crm' }, attempts: 2 });
      expect(dead!.error).toContain('destination refused');
      expect(runs).toBe(2);
      expect((await q.stats()).dispatch).toMatchObject({ dead: 1, failed: 2 });
      fixed = true;
      expect(await q.retryDeadLetter(id)).toBe(true);
      await until(() => runs === 3);
      await until(async () => (await q.deadLetters()).length === 0);
      expect(await q.retryDeadLetter(id)).toBe(false);
    });

    it('does not run a delayed job early', async () => {
      const q = await fresh();
      const started = Date.now();
      let ranAfter = -1;
      q.process('scheduled-event', () => { ranAfter = Date.now() - started; });
      await q.enqueue('scheduled-event', {}, { delayMs: 300 });
      expect((await q.stats())['scheduled-event'].delayed).toBe(1);
      await until(() => ranAfter >= 0);
      expect(ranAfter).toBeGreaterThanOrEqual(295);
    });

    it('adds a job with a known jobId only once', async () => {
      const q = await fresh();
      const a = await q.enqueue('merge', { n: 1 }, { jobId: 'merge:p-1' });
      const b = await q.enqueue('merge', { n: 2 }, { jobId: 'merge:p-1' });
      expect(a).toBe('merge:p-1');
      expect(b).toBe('merge:p-1');
      expect((await q.stats()).merge.waiting).toBe(1);
      const payloads: unknown[] = [];
      q.process('merge', (job) => { payloads.push(job.payload); });
      await until(async () => (await q.stats()).merge.completed === 1);
      expect(payloads).toEqual([{ n: 1 }]);
    });

    it('keeps enqueued jobs across a restart', async () => {
      const dataset = randomUUID();
      const first = await fresh(dataset);
      await first.enqueue('import', { file: 'a.csv' });
      await first.enqueue('import', { file: 'b.csv' }, { delayMs: 50 });
      await first.close();
      const second = await fresh(dataset);
      const files: unknown[] = [];
      second.process<{ file: string }>('import', (job) => { files.push(job.payload.file); });
      await until(() => files.length === 2);
      expect(files.sort()).toEqual(['a.csv', 'b.csv']);
    });

    it('refuses unknown job names and bad options', async () => {
      const q = await fresh();
      await expect(q.enqueue('nope' as never, {})).rejects.toMatchObject({ code: 'unknown_job' });
      expect(() => q.process('nope' as never, () => undefined)).toThrow(expect.objectContaining({ code: 'unknown_job' }));
      await expect(q.enqueue('merge', {}, { attempts: 0 })).rejects.toMatchObject({ code: 'invalid_job', details: { field: 'attempts' } });
      await expect(q.enqueue('merge', { f: () => 1 }.f)).rejects.toMatchObject({ code: 'invalid_job', details: { field: 'payload' } });
    });
  });
}
