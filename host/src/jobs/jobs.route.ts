/**
 * Background jobs over the management API: counts per job name, the dead-letter list and retrying a dead letter,
 * and `POST /api/import/track`, which uploads tracker payloads as an `import` job.
 */
import { randomUUID } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { trackerPayloadSchema } from '../pipeline/track.schema.ts';
import { JOB_NAMES, type JobName } from '../queue/index.ts';
import type { ImportJobPayload } from './import.job.ts';

const JobCounts = Type.Object({
  waiting: Type.Integer(), delayed: Type.Integer(), active: Type.Integer(), dead: Type.Integer(),
  completed: Type.Integer({ description: 'since this instance started' }), failed: Type.Integer({ description: 'failed attempts since this instance started' }),
});
const JobStats = Type.Object({ queue: Type.String(), jobs: Type.Record(Type.String(), JobCounts) });
const DeadLetter = Type.Object({
  id: Type.String(), name: Type.String(), payload: Type.Unknown(), attempts: Type.Integer(), error: Type.String(),
  createdAt: Type.String(), failedAt: Type.String(),
});
const DeadLetterQuery = Type.Object({ name: Type.Optional(Type.Union(JOB_NAMES.map((n) => Type.Literal(n)))) });
const Enqueued = Type.Object({ job: Type.Object({ id: Type.String(), name: Type.String() }) });
/** Most tracker payloads one import accepts. */
export const MAX_IMPORT_PAYLOADS = 1000;

/** Job inspection and import routes. */
export const jobRoutes = defineRoutes({
  name: 'jobs',
  audience: 'api',
  register(app, services) {
    app.get('/api/jobs', {
      config: { permission: 'jobs.read' },
      schema: { tags: ['jobs'], summary: 'Background job counts per job name', response: { 200: JobStats, ...errors(401, 403) } },
    }, async () => ({ queue: services.queue.kind, jobs: await services.queue.stats() }));

    app.get('/api/jobs/dead-letters', {
      config: { permission: 'jobs.read' },
      schema: { tags: ['jobs'], summary: 'Jobs that failed their last attempt, newest first', querystring: DeadLetterQuery, response: { 200: Type.Object({ items: Type.Array(DeadLetter) }), ...errors(401, 403, 422) } },
    }, async (request) => ({ items: await services.queue.deadLetters(request.query.name as JobName | undefined) }));

    app.post('/api/jobs/dead-letters/:id/retry', {
      config: { permission: 'jobs.manage' },
      schema: { tags: ['jobs'], summary: 'Move a dead letter back to the queue with fresh attempts', params: Type.Object({ id: Type.String({ minLength: 1 }) }), response: { 200: Type.Object({ retried: Type.Literal(true) }), ...errors(401, 403, 404) } },
    }, async (request) => {
      if (!(await services.queue.retryDeadLetter(request.params.id))) {
        throw userError('dead_letter_not_found', `There is no dead letter with id ${request.params.id}`, 404);
      }
      return { retried: true as const };
    });

    const ImportBody = Type.Object({
      payloads: Type.Array(trackerPayloadSchema(services.config.trackMaxEvents), { minItems: 1, maxItems: MAX_IMPORT_PAYLOADS }),
    });
    app.post('/api/import/track', {
      config: { permission: 'events.import' },
      bodyLimit: services.config.apiMaxBodyBytes,
      schema: {
        tags: ['jobs'], summary: 'Import tracker payloads as a background job',
        description: 'Each payload runs through the /track pipeline on a worker; refused payloads end the job in the dead letters with their reasons.',
        body: ImportBody, response: { 202: Enqueued, ...errors(400, 401, 403, 413, 422, 503) },
      },
    }, async (request, reply) => {
      const body = request.body as Static<typeof ImportBody>;
      // Fixed event ids make a retried import idempotent.
      const payloads = body.payloads.map((p) => ({ ...p, events: p.events.map((e) => ({ ...e, id: e.id ?? randomUUID() })) }));
      const job: ImportJobPayload = { payloads, receivedAt: new Date().toISOString(), by: request.user?.id ?? 'unknown' };
      const id = await services.queue.enqueue('import', job, { attempts: 3, backoffMs: 5000 });
      reply.status(202);
      return { job: { id, name: 'import' } };
    });
  },
});
