/** The internal event source scheduled events arrive from: it exists only in code, so nobody outside can use it. */
import type { StoredSource } from '../../sources/source.schema.ts';

/** Id of the scheduler's internal source (`@` ids are refused from outside). */
export const SCHEDULER_SOURCE_ID = '@scheduler';

/** The scheduler's internal source: enabled, stores what it injects, never creates a profile under a given id. */
export const SCHEDULER_SOURCE: StoredSource = {
  id: SCHEDULER_SOURCE_ID, name: 'Scheduler (internal)', type: 'rest', description: 'Delayed and scheduled events injected by the host',
  enabled: true, ephemeral: false, allowedOrigins: [], allowStaticProfileIds: false, secret: null,
  createdAt: '1970-01-01T00:00:00.000Z', updatedAt: '1970-01-01T00:00:00.000Z',
};
