/**
 * `/api/plugins`: installed plugin versions — list, install (from the registry), remove, enable/disable, explicit node
 * upgrades, and the publisher trust store.
 */
import { Type } from 'typebox';
import { userError } from '../../errors/index.ts';
import { errors } from '../../http/schemas.ts';
import { defineRoutes, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import {
  DisableBody, InstallBody, InstalledPluginView, PluginRefBody, RemoveQuery, TrustBody, UntrustBody, UpgradeNodeBody,
} from './plugin.schemas.ts';
import { installedViews } from './views.ts';

const Any = Type.Object({}, { additionalProperties: true });

/** The caller's identity for records and audit entries. */
export function actorOf(request: { user: { email?: string; id?: string } | null }): string {
  return request.user?.email ?? request.user?.id ?? 'unknown';
}

/** Installed plugin routes. */
export const pluginRoutes = defineRoutes({
  name: 'plugins',
  audience: 'api',
  register(app: App, services: Services) {
    const tags = ['plugins'];
    const domain = () => services.plugins;

    app.get('/api/plugins', {
      config: { permission: 'plugins.read' },
      schema: { tags, summary: 'Installed plugin versions, the flows using each, and available upgrades', response: { 200: Type.Object({ items: Type.Array(InstalledPluginView), next: Type.Null() }), ...errors(401, 403) } },
    }, async () => ({ items: await installedViews(services.store, domain().service), next: null }));

    app.post('/api/plugins/install', {
      config: { permission: 'plugins.install' },
      schema: {
        tags, summary: 'Install an exact plugin version from the registry (verified: integrity, signature, manifest)',
        description: 'Refused with 422 and nothing installed when the tarball is tampered, the signature is bad or untrusted, the manifest is invalid or incompatible, the keyword is missing, or a first-party name is signed by another key. `allowUntrusted` (administrators only) accepts unsigned or untrusted packages and is recorded.',
        body: InstallBody, response: { 200: Any, 201: Any, ...errors(400, 401, 403, 404, 409, 422, 502) },
      },
    }, async (request, reply) => {
      const { name, version, allowUntrusted } = request.body;
      if (allowUntrusted && request.user?.role !== 'admin') {
        throw userError('forbidden', 'only an administrator may install an unsigned or untrusted plugin', 403, { path: 'allowUntrusted' });
      }
      const result = await domain().service.installFromRegistry(name, version, { actor: actorOf(request), ...(allowUntrusted ? { allowUntrusted } : {}) });
      reply.status(result.alreadyInstalled ? 200 : 201);
      return result;
    });

    const remove = async (name: string, version: string, force: boolean | undefined, actor: string) =>
      domain().service.manager.remove(name, version, { actor, force: force === true });
    app.delete('/api/plugins/:name/:version', {
      config: { permission: 'plugins.install' },
      schema: {
        tags, summary: 'Uninstall a plugin version (409 while a published flow or an enabled destination uses it, unless force=true, which disables them)',
        params: Type.Object({ name: Type.String(), version: Type.String() }), querystring: RemoveQuery,
        response: { 200: Any, ...errors(401, 403, 404, 409) },
      },
    }, async (request) => remove(request.params.name, request.params.version, request.query.force, actorOf(request)));
    app.delete('/api/plugins/:scope/:name/:version', {
      config: { permission: 'plugins.install' },
      schema: {
        tags, summary: 'Uninstall a scoped plugin version (`/api/plugins/@scope/name/1.0.0`)',
        params: Type.Object({ scope: Type.String({ pattern: '^@' }), name: Type.String(), version: Type.String() }), querystring: RemoveQuery,
        response: { 200: Any, ...errors(401, 403, 404, 409) },
      },
    }, async (request) => remove(`${request.params.scope}/${request.params.name}`, request.params.version, request.query.force, actorOf(request)));

    app.post('/api/plugins/enable', {
      config: { permission: 'plugins.install' },
      schema: { tags, summary: 'Enable an installed plugin version', body: PluginRefBody, response: { 200: Any, ...errors(401, 403, 404) } },
    }, async (request) => domain().service.manager.setEnabled(request.body.name, request.body.version, true, { actor: actorOf(request) }));

    app.post('/api/plugins/disable', {
      config: { permission: 'plugins.install' },
      schema: { tags, summary: 'Disable an installed plugin version (flows using it fail at that node; the answer lists them)', body: DisableBody, response: { 200: Any, ...errors(401, 403, 404) } },
    }, async (request) => domain().service.manager.setEnabled(request.body.name, request.body.version, false, { actor: actorOf(request), reason: request.body.reason }));

    app.post('/api/plugins/upgrade-node', {
      config: { permission: 'flows.write' },
      schema: {
        tags, summary: 'Move a flow draft\'s nodes of a plugin to another installed version, re-validating their config',
        description: 'Without `apply` only reports. With `apply` the draft is saved when every node fits, else 409 with the report. Publishing the flow stays a separate step.',
        body: UpgradeNodeBody, response: { 200: Any, ...errors(401, 403, 404, 409, 422) },
      },
    }, async (request) => domain().upgradeNodes({
      flowId: request.body.flowId, plugin: request.body.plugin, toVersion: request.body.version,
      ...(request.body.nodeIds ? { nodeIds: request.body.nodeIds } : {}), apply: request.body.apply ?? false,
    }));

    app.get('/api/plugins/trust', {
      config: { permission: 'plugins.read' },
      schema: { tags, summary: 'Trusted publisher keys', response: { 200: Type.Object({ items: Type.Array(Any), next: Type.Null() }), ...errors(401, 403) } },
    }, async () => ({ items: (await domain().service.trust.list()).sort((a, b) => a.publisher.localeCompare(b.publisher)), next: null }));

    app.post('/api/plugins/trust', {
      config: { permission: 'settings.manage' },
      schema: { tags, summary: 'Trust a publisher public key (Ed25519 PEM)', body: TrustBody, response: { 201: Any, ...errors(400, 401, 403) } },
    }, async (request, reply) => {
      reply.status(201);
      return domain().service.trust.add({ publisher: request.body.publisher, publicKeyPem: request.body.publicKeyPem, firstParty: request.body.firstParty ?? false, actor: actorOf(request) });
    });

    app.post('/api/plugins/trust/remove', {
      config: { permission: 'settings.manage' },
      schema: { tags, summary: 'Stop trusting a publisher key (installed versions stay)', body: UntrustBody, response: { 200: Any, ...errors(401, 403, 404, 409) } },
    }, async (request) => {
      const key = await domain().service.trust.get(request.body.keyId);
      if (!key) throw userError('trust_key_not_found', `key ${request.body.keyId} is not trusted`, 404, { path: 'keyId' });
      if (key.id === domain().service.firstPartyKey.keyId) throw userError('trust_key_first_party', 'the first-party key of this installation cannot be removed', 409, { path: 'keyId' });
      await domain().service.trust.remove(key.id);
      return { removed: key.id };
    });
  },
});
