/** `/api/marketplace`: what the registry offers (Tessera's own index of `tessera-plugin` packages). */
import { Type } from 'typebox';
import { userError } from '../../errors/index.ts';
import { errors } from '../../http/schemas.ts';
import { defineRoutes, type App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import { MarketplaceItemView, MarketplaceQuery } from './plugin.schemas.ts';
import { marketplaceItem, marketplaceItems } from './views.ts';

const Any = Type.Object({}, { additionalProperties: true });

/** Marketplace routes. */
export const marketplaceRoutes = defineRoutes({
  name: 'marketplace',
  audience: 'api',
  register(app: App, services: Services) {
    const tags = ['marketplace'];
    const service = () => services.plugins.service;

    app.get('/api/marketplace', {
      config: { permission: 'marketplace.read' },
      schema: {
        tags, summary: 'Plugins the registry offers: title, category, versions side by side, permissions, signature status',
        querystring: MarketplaceQuery, response: { 200: Type.Object({ items: Type.Array(MarketplaceItemView), next: Type.Null(), categories: Type.Array(Type.String()) }), ...errors(401, 403) },
      },
    }, async (request) => {
      const all = await marketplaceItems(service());
      const items = request.query.q || request.query.category ? await marketplaceItems(service(), request.query.q, request.query.category) : all;
      return { items, next: null, categories: [...new Set(all.map((i) => i.category))].sort() };
    });

    app.get('/api/marketplace/status', {
      config: { permission: 'marketplace.read' },
      schema: { tags, summary: 'The registry in use and the progress of start-up seeding', response: { 200: Any, ...errors(401, 403) } },
    }, async () => ({ registry: services.plugins.registry, seed: services.plugins.seed }));

    app.post('/api/marketplace/refresh', {
      config: { permission: 'plugins.install' },
      schema: { tags, summary: 'Re-read the registry into the marketplace index now', response: { 200: Type.Object({ packages: Type.Integer() }), ...errors(401, 403, 502) } },
    }, async () => ({ packages: (await service().index?.sync()) ?? 0 }));

    const detail = async (name: string) => {
      const item = await marketplaceItem(service(), name);
      if (!item) throw userError('marketplace_package_not_found', `the marketplace has no plugin ${name}`, 404, { name });
      return item;
    };
    app.get('/api/marketplace/:name', {
      config: { permission: 'marketplace.read' },
      schema: { tags, summary: 'One plugin with its README and every version', params: Type.Object({ name: Type.String() }), response: { 200: MarketplaceItemView, ...errors(401, 403, 404) } },
    }, async (request) => detail(request.params.name));
    app.get('/api/marketplace/:scope/:name', {
      config: { permission: 'marketplace.read' },
      schema: { tags, summary: 'One scoped plugin (`/api/marketplace/@scope/name`)', params: Type.Object({ scope: Type.String({ pattern: '^@' }), name: Type.String() }), response: { 200: MarketplaceItemView, ...errors(401, 403, 404) } },
    }, async (request) => detail(`${request.params.scope}/${request.params.name}`));
  },
});
