/** `GET,POST /api/sources` and `GET,PUT,DELETE /api/sources/{id}`: event sources. */
import { randomUUID } from 'node:crypto';
import { Type } from 'typebox';
import { userError } from '../errors/index.ts';
import { errors, IdParams, PageOf, PageQuery } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { SOURCES_CHANNEL, type Services } from '../services.ts';
import { SourceInput, SourceUpdate, SourceView, viewSource, type StoredSource } from './source.schema.ts';

function collection(services: Services) {
  return services.store.config<StoredSource>('sources');
}

/** Drops the cached source here at once and on every other host through the bus. */
async function changed(services: Services, id: string): Promise<void> {
  services.sources.invalidate(id);
  await services.bus.publish(SOURCES_CHANNEL, { id });
}

function notFound(id: string) {
  return userError('source_not_found', `Event source ${id} does not exist`, 404, { source: id });
}

function sealSecret(services: Services, secret: string | null | undefined, current: string | null): string | null {
  if (secret === undefined) return current;
  return secret === null ? null : services.cipher.encrypt(secret);
}

/** Event source management. */
export const sourceRoutes = defineRoutes({
  name: 'sources',
  audience: 'api',
  register(app, services) {
    const tags = ['sources'];

    app.get('/api/sources', {
      config: { permission: 'sources.read' },
      schema: { tags, summary: 'List event sources', querystring: Type.Object(PageQuery), response: { 200: PageOf(SourceView), ...errors(401, 403, 422) } },
    }, async (request) => {
      const page = await collection(services).search({ sort: [{ field: 'name', order: 'asc' }], limit: request.query.limit, cursor: request.query.cursor });
      return { items: page.items.map(viewSource), next: page.next };
    });

    app.post('/api/sources', {
      config: { permission: 'sources.write' },
      schema: { tags, summary: 'Create an event source', body: SourceInput, response: { 201: SourceView, ...errors(401, 403, 409, 422) } },
    }, async (request, reply) => {
      const b = request.body;
      const id = (b.id ?? randomUUID()).trim().toLowerCase();
      if (await collection(services).get(id)) throw userError('source_exists', `Event source ${id} already exists`, 409, { source: id });
      const now = new Date().toISOString();
      const source: StoredSource = {
        id, name: b.name, type: b.type, description: b.description ?? '', enabled: b.enabled ?? true, ephemeral: b.ephemeral ?? false,
        allowedOrigins: b.allowedOrigins ?? ['*'], allowStaticProfileIds: b.allowStaticProfileIds ?? false,
        secret: sealSecret(services, b.secret, null), createdAt: now, updatedAt: now,
      };
      await collection(services).put(source);
      await changed(services, id);
      reply.status(201);
      return viewSource(source);
    });

    app.get('/api/sources/:id', {
      config: { permission: 'sources.read' },
      schema: { tags, summary: 'Get an event source', params: IdParams, response: { 200: SourceView, ...errors(401, 403, 404) } },
    }, async (request) => {
      const source = await collection(services).get(request.params.id.toLowerCase());
      if (!source) throw notFound(request.params.id);
      return viewSource(source);
    });

    app.put('/api/sources/:id', {
      config: { permission: 'sources.write' },
      schema: {
        tags, summary: 'Replace an event source (an absent `secret` keeps the current one)',
        params: IdParams, body: SourceUpdate, response: { 200: SourceView, ...errors(401, 403, 404, 422) },
      },
    }, async (request) => {
      const id = request.params.id.toLowerCase();
      const current = await collection(services).get(id);
      if (!current) throw notFound(id);
      const b = request.body;
      const source: StoredSource = {
        ...current, name: b.name, type: b.type, description: b.description ?? '', enabled: b.enabled ?? true, ephemeral: b.ephemeral ?? false,
        allowedOrigins: b.allowedOrigins ?? ['*'], allowStaticProfileIds: b.allowStaticProfileIds ?? false,
        secret: sealSecret(services, b.secret, current.secret), updatedAt: new Date().toISOString(),
      };
      await collection(services).put(source);
      await changed(services, id);
      return viewSource(source);
    });

    app.delete('/api/sources/:id', {
      config: { permission: 'sources.write' },
      schema: { tags, summary: 'Delete an event source', params: IdParams, response: { 204: Type.Null(), ...errors(401, 403, 404) } },
    }, async (request, reply) => {
      const id = request.params.id.toLowerCase();
      if (!(await collection(services).delete(id))) throw notFound(id);
      await changed(services, id);
      return reply.status(204).send(null);
    });
  },
});
