/** `/api/registry`: the plugin registry in use, and registry users/tokens for plugin developers (administrators). */
import { Type } from 'typebox';
import { errors } from '../../http/schemas.ts';
import { defineRoutes, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { RegistryCredentialsView, RegistryUserBody, RegistryUserParams, RegistryUserView } from './plugin.schemas.ts';
import { actorOf } from './plugins.route.ts';

/** Registry routes. */
export const registryRoutes = defineRoutes({
  name: 'registry',
  audience: 'api',
  register(app: App, services: Services) {
    const tags = ['registry'];
    const users = () => services.plugins.users;

    app.get('/api/registry', {
      config: { permission: 'marketplace.read' },
      schema: {
        tags, summary: 'The registry plugin developers publish to, and this installation\'s first-party public key',
        response: { 200: Type.Object({ url: Type.String(), embedded: Type.Boolean(), firstPartyKey: Type.Object({ keyId: Type.String(), publicKeyPem: Type.String(), encryptedAtRest: Type.Boolean() }) }), ...errors(401, 403) },
      },
    }, async () => {
      const key = services.plugins.service.firstPartyKey;
      return { ...services.plugins.registry, firstPartyKey: { keyId: key.keyId, publicKeyPem: key.publicKeyPem, encryptedAtRest: key.encrypted } };
    });

    app.get('/api/registry/users', {
      config: { permission: 'users.manage' },
      schema: { tags, summary: 'Registry users (embedded registry only)', response: { 200: Type.Object({ items: Type.Array(RegistryUserView), next: Type.Null() }), ...errors(401, 403, 409) } },
    }, async () => ({ items: await users().list(), next: null }));

    app.post('/api/registry/users', {
      config: { permission: 'users.manage' },
      schema: {
        tags, summary: 'Create a registry user for a plugin developer; answers its token and password once',
        body: RegistryUserBody, response: { 201: RegistryCredentialsView, ...errors(400, 401, 403, 409, 502) },
      },
    }, async (request, reply) => {
      const created = await users().create(request.body.name, actorOf(request));
      reply.status(201);
      return created;
    });

    app.post('/api/registry/users/:name/token', {
      config: { permission: 'users.manage' },
      schema: { tags, summary: 'Issue a new token for a registry user (earlier tokens stop working)', params: RegistryUserParams, response: { 200: RegistryCredentialsView, ...errors(401, 403, 404, 409, 502) } },
    }, async (request) => users().issueToken(request.params.name, actorOf(request)));

    app.delete('/api/registry/users/:name', {
      config: { permission: 'users.manage' },
      schema: { tags, summary: 'Remove a registry user (its tokens stop working at once)', params: RegistryUserParams, response: { 200: Type.Object({ removed: Type.Boolean() }), ...errors(401, 403, 409) } },
    }, async (request) => ({ removed: await users().remove(request.params.name, actorOf(request)) }));
  },
});
