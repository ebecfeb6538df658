import { describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../queue/index.ts';
import { JOB_CONCURRENCY, JOB_HANDLERS } from './handlers.ts';

describe('job handler table', () => {
  it('has a handler and a concurrency for every job name', () => {
    expect(Object.keys(JOB_HANDLERS).sort()).toEqual([...JOB_NAMES].sort());
    expect(Object.keys(JOB_CONCURRENCY).sort()).toEqual([...JOB_NAMES].sort());
  });

  it('fails jobs without a handler yet as a user error, so they wait in the dead letters instead of being retried', async () => {
    const handler = JOB_HANDLERS.merge({} as never);
    await expect(async () => handler({ id: 'j', name: 'merge', payload: {} as never, attempt: 1, maxAttempts: 3, createdAt: '' }))
      .rejects.toMatchObject({ code: 'job_not_handled', kind: 'user' });
  });
});
