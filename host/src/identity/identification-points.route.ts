/** `GET,POST /api/identification-points` and `GET,PUT,DELETE /api/identification-points/{id}`. */
import { Type } from 'typebox';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { IdentificationPoint, IdentificationPointInput } from './point.schema.ts';
import { IDENTITY_CHANNEL } from './service.ts';

/** Identification point management; changes apply from the next event. */
export const identificationPointRoutes = defineRoutes({
  name: 'identification-points',
  audience: 'api',
  register(app, services) {
    const identity = services.identity;
    const tags = ['identification'];
    // Other hosts drop their cached points at once; a lost message only delays the change by the cache TTL.
    const announce = (id: string) => services.bus.publish(IDENTITY_CHANNEL, { id }).catch(() => undefined);

    app.get('/api/identification-points', {
      config: { permission: 'identity.read' },
      schema: { tags, summary: 'List identification points', querystring: Type.Object(PageQuery), response: { 200: PageOf(IdentificationPoint), ...errors(401, 403, 422) } },
    }, (request) => identity.list({ limit: request.query.limit, cursor: request.query.cursor }));

    app.post('/api/identification-points', {
      config: { permission: 'identity.write' },
      schema: {
        tags, summary: 'Create an identification point',
        description: 'Profile fields that identify a person (merge keys), and where events of a source/type carry their values. A new session without a profile id whose events carry such a value lands on the profile holding it; two live profiles holding one value are merged by a background job.',
        body: IdentificationPointInput, response: { 201: IdentificationPoint, ...errors(401, 403, 422) },
      },
    }, async (request, reply) => {
      const point = await identity.create(request.body);
      await announce(point.id);
      reply.status(201);
      return point;
    });

    app.get('/api/identification-points/:id', {
      config: { permission: 'identity.read' },
      schema: { tags, summary: 'Get an identification point', params: IdParams, response: { 200: IdentificationPoint, ...errors(401, 403, 404) } },
    }, (request) => identity.get(request.params.id));

    app.put('/api/identification-points/:id', {
      config: { permission: 'identity.write' },
      schema: { tags, summary: 'Replace an identification point', params: IdParams, body: IdentificationPointInput, response: { 200: IdentificationPoint, ...errors(401, 403, 404, 422) } },
    }, async (request) => {
      const point = await identity.update(request.params.id, request.body);
      await announce(point.id);
      return point;
    });

    app.delete('/api/identification-points/:id', {
      config: { permission: 'identity.write' },
      schema: { tags, summary: 'Delete an identification point', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    }, async (request, reply) => {
      await identity.remove(request.params.id);
      await announce(request.params.id);
      reply.status(204);
      return null;
    });
  },
});
