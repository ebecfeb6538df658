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
});
