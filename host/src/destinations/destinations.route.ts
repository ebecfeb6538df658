/** `GET,POST /api/destinations` and `GET,PUT,DELETE /api/destinations/{id}`: where profile and event data go out. */
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { DestinationInput, DestinationUpdate, DestinationView, viewDestination } from './destination.schema.ts';
import { destinationRecords, destinationsChanged, prepareDestination } from './destinations.service.ts';

function notFound(id: string) {
  return userError('destination_not_found', `Destination ${id} does not exist`, 404, { destination: id });
}

/** Destination management. */
export const destinationRoutes = defineRoutes({
  name: 'destinations',
  audience: 'api',
  register(app, services) {
    const tags = ['destinations'];
    const records = () => destinationRecords(services);

    app.get('/api/destinations', {
      config: { permission: 'destinations.read' },
      schema: { tags, summary: 'List destinations (credentials masked)', querystring: Type.Object(PageQuery), response: { 200: PageOf(DestinationView), ...errors(401, 403, 422) } },
    }, async (request) => {
      const page = await records().search({ sort: [{ field: 'name', order: 'asc' }], limit: request.query.limit, cursor: request.query.cursor });
      return { items: page.items.map(viewDestination), next: page.next };
    });

    app.post('/api/destinations', {
      config: { permission: 'destinations.write' },
      schema: {
        tags, summary: 'Create a destination',
        description: 'The plugin must be installed and of kind `destination`; `config` is validated against its schema. Credentials in `resources` are stored encrypted and never shown again.',
        body: DestinationInput, response: { 201: DestinationView, ...errors(401, 403, 409, 422) },
      },
    }, async (request, reply) => {
      const { id: given, ...body } = request.body;
      const id = (given ?? randomUUID()).trim().toLowerCase();
      if (await records().get(id)) throw userError('destination_exists', `Destination ${id} already exists`, 409, { destination: id });
      const stored = await prepareDestination(services, id, body, null);
      await records().put(stored);
      await destinationsChanged(services, id);
      reply.status(201);
      return viewDestination(stored);
    });

    app.get('/api/destinations/:id', {
      config: { permission: 'destinations.read' },
      schema: { tags, summary: 'Get a destination (credentials masked)', params: IdParams, response: { 200: DestinationView, ...errors(401, 403, 404) } },
    }, async (request) => {
      const d = await records().get(request.params.id.toLowerCase());
      if (!d) throw notFound(request.params.id);
      return viewDestination(d);
    });

    app.put('/api/destinations/:id', {
      config: { permission: 'destinations.write' },
      schema: {
        tags, summary: 'Replace a destination (absent `resources` keeps the stored credentials; masked values are kept)',
        params: IdParams, body: DestinationUpdate, response: { 200: DestinationView, ...errors(401, 403, 404, 422) },
      },
    }, async (request) => {
      const id = request.params.id.toLowerCase();
      const current = await records().get(id);
      if (!current) throw notFound(id);
      const stored = await prepareDestination(services, id, request.body, current);
      await records().put(stored);
      await destinationsChanged(services, id);
      return viewDestination(stored);
    });

    app.delete('/api/destinations/:id', {
      config: { permission: 'destinations.write' },
      schema: { tags, summary: 'Delete a destination (queued dispatches to it are dropped)', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    }, async (request, reply) => {
      const id = request.params.id.toLowerCase();
      if (!(await records().delete(id))) throw notFound(id);
      await destinationsChanged(services, id);
      return reply.status(204).send(null);
    });
  },
});
