import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { userError } from '../../errors/index.ts';
import { describeQueueContract } from '../contract.ts';
import { createEmbeddedQueue } from './queue.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-queue-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describeQueueContract('embedded', (dataset) => createEmbeddedQueue(path.join(dir, `${dataset}.sqlite`)));

describe('embedded queue', () => {
  it('sends a job failing with a user error straight to the dead letters', async () => {
    const q = await createEmbeddedQueue(path.join(dir, 'user-error.sqlite'));
    let runs = 0;
    q.process('import', () => {
      runs += 1;
      throw userError('invalid_row', 'row 3 has no email');
    });
    await q.enqueue('import', {}, { attempts: 5, backoffMs: 10 });
    while ((await q.deadLetters()).length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(1);
    expect((await q.deadLetters())[0]!.error).toBe('invalid_row: row 3 has no email');
    await q.close();
  });

  it('reruns a job that was running when the process stopped', async () => {
    const file = path.join(dir, 'crash.sqlite');
    const q = await createEmbeddedQueue(file, { closeTimeoutMs: 50 });
    q.process('merge', () => new Promise(() => undefined));
    await q.enqueue('merge', { p: 1 });
    while ((await q.stats()).merge.active === 0) await new Promise((r) => setTimeout(r, 10));
    await q.close();
    const again = await createEmbeddedQueue(file);
    const seen: number[] = [];
    again.process('merge', (job) => { seen.push(job.attempt); });
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([2]);
    await again.close();
  });

  it('lets an enqueue-only client open the file without disturbing running jobs', async () => {
    const file = path.join(dir, 'two-clients.sqlite');
    const host = await createEmbeddedQueue(file);
    let release!: () => void;
    const runs: number[] = [];
    host.process('segment', (job) => { runs.push(job.attempt); return new Promise<void>((r) => { release = r; }); });
    await host.enqueue('segment', { all: true });
    while (runs.length === 0) await new Promise((r) => setTimeout(r, 10));
    const cli = await createEmbeddedQueue(file);
    await cli.enqueue('import', { file: 'x.csv' });
    expect((await cli.stats()).segment.active).toBe(1);
    release();
    while ((await host.stats()).segment.completed === 0) await new Promise((r) => setTimeout(r, 10));
    expect(runs).toEqual([1]);
    expect((await host.stats()).import.waiting).toBe(1);
    await Promise.all([cli.close(), host.close()]);
  });
});
