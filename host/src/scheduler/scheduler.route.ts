/**
 * Scheduled events over the management API: `POST /api/events/schedule` (an operator schedules an event for a
 * profile), `GET /api/scheduled-events` (pending ones, oldest request first) and `DELETE /api/scheduled-events/{id}`
 * (cancel before it fires).
 */
import { Type } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import type { Filter } from '../storage/index.ts';
import { checkSchedule, scheduledEvents, scheduleEvent } from './schedule.ts';
import { ScheduledEvent, ScheduleInput } from './scheduled.schema.ts';

const ListQuery = Type.Object({ ...PageQuery, profile: Type.Optional(Type.String({ minLength: 1, description: 'Only events for this profile id' })) });

/** Scheduled event routes. */
export const schedulerRoutes = defineRoutes({
  name: 'scheduler',
  audience: 'api',
  register(app, services) {
    const tags = ['scheduler'];

    app.post('/api/events/schedule', {
      config: { permission: 'events.schedule' },
      schema: {
        tags, summary: 'Schedule an event for a profile, after a delay or at a time',
        description: 'When due, the event enters the pipeline for that profile and session from the internal `@scheduler` source, so routing rules and flows run on it.',
        body: ScheduleInput, response: { 201: ScheduledEvent, ...errors(400, 401, 403, 404, 422, 503) },
      },
    }, async (request, reply) => {
      const b = request.body;
      const checked = checkSchedule(b);
      const profile = await services.store.profiles.findByAnyId(b.profileId.trim().toLowerCase());
      if (!profile) throw userError('profile_not_found', `Profile ${b.profileId} does not exist`, 404, { profile: b.profileId });
      let sessionId: string | null = null;
      if (b.sessionId !== undefined) {
        const session = await services.store.sessions.get(b.sessionId.trim().toLowerCase());
        if (!session || (session.profileId !== profile.id && !profile.ids.includes(session.profileId ?? ''))) {
          throw userError('invalid_schedule', `sessionId: session ${b.sessionId} is not a session of profile ${profile.id}`, 422, { fields: [{ in: 'body', path: 'sessionId', message: 'is not a session of this profile' }] });
        }
        sessionId = session.id;
      }
      const record = await scheduleEvent(services, checked, { profileId: profile.id, sessionId, depth: 1, origin: { kind: 'api', by: request.user?.id ?? 'unknown' } });
      reply.status(201);
      return record;
    });

    app.get('/api/scheduled-events', {
      config: { permission: 'events.read' },
      schema: { tags, summary: 'Scheduled events that have not fired yet', querystring: ListQuery, response: { 200: PageOf(ScheduledEvent), ...errors(401, 403, 422) } },
    }, async (request) => {
      const filters: Filter[] = request.query.profile ? [{ field: 'profileId', op: 'eq', value: request.query.profile.trim().toLowerCase() }] : [];
      return scheduledEvents(services).search({ filters, sort: [{ field: 'createdAt', order: 'asc' }], limit: request.query.limit, cursor: request.query.cursor });
    });

    app.delete('/api/scheduled-events/:id', {
      config: { permission: 'events.schedule' },
      schema: { tags, summary: 'Cancel a scheduled event before it fires', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    }, async (request, reply) => {
      if (!(await scheduledEvents(services).delete(request.params.id))) {
        throw userError('scheduled_event_not_found', `There is no pending scheduled event ${request.params.id}`, 404, { id: request.params.id });
      }
      return reply.status(204).send(null);
    });
  },
});
