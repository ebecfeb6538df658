/** OpenAPI generated from the route schemas, with its UI at `/docs` (JSON at `/docs/json`). */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { App } from './types.ts';

/** Registers the OpenAPI generator and UI; must run before the routes it documents. */
export async function registerDocs(app: App, opts: { exposeGuiApi: boolean; version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tessera',
        version: opts.version,
        description: opts.exposeGuiApi
          ? 'Collector and management API. Management routes need `Authorization: Bearer <token>` from POST /api/auth/token.'
          : 'Collector routes only (EXPOSE_GUI_API=no).',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
