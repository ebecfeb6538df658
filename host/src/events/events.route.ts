/** `GET /api/events` (filters, newest first, cursor paging) and `GET /api/events/{id}`. */
import { Type } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { TrackedEvent, type Filter, type Store } from '../storage/index.ts';

const EventQuery = Type.Object({
  type: Type.Optional(Type.String({ minLength: 1, description: 'Event type' })),
  source: Type.Optional(Type.String({ minLength: 1, description: 'Event source id' })),
  profile: Type.Optional(Type.String({ minLength: 1, description: 'Profile id (any of its ids; includes the events of profiles merged into it)' })),
  session: Type.Optional(Type.String({ minLength: 1, description: 'Session id' })),
  from: Type.Optional(Type.String({ description: 'Events at or after this ISO time' })),
  to: Type.Optional(Type.String({ description: 'Events before this ISO time' })),
  ...PageQuery,
});

function isoParam(name: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw userError('validation_failed', `querystring.${name} is not a valid date: "${value}"`, 422, { fields: [{ in: 'querystring', path: name, message: 'is not a valid date' }] });
  }
  return new Date(ms).toISOString();
}

/**
 * Events of a profile, including those recorded under ids later merged into it: a merge never rewrites event history,
 * so the timeline of the survivor is the union over its plain ids (hashed identification ids, `@…`, name no events).
 */
async function profileFilter(store: Store, id: string): Promise<Filter> {
  const profile = await store.profiles.findByAnyId(id);
  if (!profile) return { field: 'profileId', op: 'eq', value: id };
  const ids = [...new Set([profile.id, ...profile.ids])].filter((i) => !i.startsWith('@'));
  return ids.length === 1 ? { field: 'profileId', op: 'eq', value: ids[0] } : { field: 'profileId', op: 'in', value: ids };
}

/** Stored events. */
export const eventRoutes = defineRoutes({
  name: 'events',
  audience: 'api',
  register(app, services) {
    app.get('/api/events', {
      config: { permission: 'events.read' },
      schema: { tags: ['events'], summary: 'List stored events, newest first', querystring: EventQuery, response: { 200: PageOf(TrackedEvent), ...errors(400, 401, 403, 422) } },
    }, async (request) => {
      const q = request.query;
      const filters: Filter[] = [];
      if (q.type) filters.push({ field: 'type', op: 'eq', value: q.type.trim().toLowerCase().replace(/\s+/g, '-') });
      if (q.source) filters.push({ field: 'sourceId', op: 'eq', value: q.source.trim().toLowerCase() });
      if (q.profile) filters.push(await profileFilter(services.store, q.profile.trim().toLowerCase()));
      if (q.session) filters.push({ field: 'sessionId', op: 'eq', value: q.session.trim().toLowerCase() });
      if (q.from) filters.push({ field: 'time', op: 'gte', value: isoParam('from', q.from) });
      if (q.to) filters.push({ field: 'time', op: 'lt', value: isoParam('to', q.to) });
      return services.store.events.search({ filters, sort: [{ field: 'time', order: 'desc' }], limit: q.limit, cursor: q.cursor });
    });

    app.get('/api/events/:id', {
      config: { permission: 'events.read' },
      schema: { tags: ['events'], summary: 'Get one event', params: IdParams, response: { 200: TrackedEvent, ...errors(401, 403, 404) } },
    }, async (request) => {
      const event = await services.store.events.get(request.params.id.trim().toLowerCase());
      if (!event) throw userError('event_not_found', `Event ${request.params.id} does not exist`, 404);
      return event;
    });
  },
});
