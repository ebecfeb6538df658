import { describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../queue/index.ts';
import { JOB_CONCURRENCY, JOB_HANDLERS } from './handlers.ts';

describe('job handler table', () => {
  it('has a handler and a concurrency for every job name', () => {
    expect(Object.keys(JOB_HANDLERS).sort()).toEqual([...JOB_NAMES].sort());
    expect(Object.keys(JOB_CONCURRENCY).sort()).toEqual([...JOB_NAMES].sort());
  });

  it('fails a malformed merge or segment job as a user error, so it waits in the dead letters instead of being retried', async () => {
    for (const name of ['merge', 'segment'] as const) {
      const handler = JOB_HANDLERS[name]({} as never);
      await expect(async () => handler({ id: 'j', name, payload: {} as never, attempt: 1, maxAttempts: 3, createdAt: '' }))
        .rejects.toMatchObject({ code: 'invalid_job_payload', kind: 'user' });
    }
  });
});
