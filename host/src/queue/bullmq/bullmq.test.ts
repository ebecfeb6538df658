import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { engineForTests } from '../../../../test/engines/env.ts';
import { userError } from '../../errors/index.ts';
import { describeQueueContract } from '../contract.ts';
import { createBullmqQueue } from './index.ts';

const redisHost = await engineForTests('redis');
const run = randomUUID();

describe.runIf(redisHost)('bullmq queue', () => {
  describeQueueContract('bullmq', (dataset) => createBullmqQueue({ redisHost: redisHost!, prefix: `tessera-test:${run}:${dataset}`, closeTimeoutMs: 2000 }));

  it('sends a job failing with a user error straight to the dead letters', async () => {
    const q = await createBullmqQueue({ redisHost: redisHost!, prefix: `tessera-test:${run}:user-error` });
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

  it('lets a job enqueued by one process run on a worker of another queue instance', async () => {
    const prefix = `tessera-test:${run}:two`;
    const host = await createBullmqQueue({ redisHost: redisHost!, prefix });
    const worker = await createBullmqQueue({ redisHost: redisHost!, prefix });
    const seen: unknown[] = [];
    worker.process('segment', (job) => { seen.push(job.payload); });
    await host.enqueue('segment', { profileId: 'p-9' });
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([{ profileId: 'p-9' }]);
    await Promise.all([host.close(), worker.close()]);
  });
});
