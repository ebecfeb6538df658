/**
 * Route-level access control. Every route under `/api` must declare either `config.permission` (checked against the
 * role table) or `config.public: true`; a route that declares neither fails start-up, so nothing is exposed by
 * accident.
 */
import type { FastifyRequest, RouteOptions } from 'fastify';
import { userError, unexpectedError } from '../errors/index.ts';
import type { App } from '../http/types.ts';
import type { Services } from '../services.ts';
import type { User } from '../users/user.schema.ts';
import { allows, isPermission, type Permission } from './roles.ts';
import { userForToken } from './tokens.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Permission a caller's role must hold (see `auth/roles.ts`). */
    permission?: Permission;
    /** True for `/api` routes open without a token (setup, login). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The authenticated caller of an `/api` route; null elsewhere. */
    user: User | null;
  }
}

/** Header value → token, or null. */
function bearer(request: FastifyRequest): string | null {
  const h = request.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m?.[1] ?? null;
}

/** Installs the authentication check; must run before route modules register. */
export function installAuthGuard(app: App, services: Services): void {
  app.decorateRequest('user', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') && route.url !== '/api') return;
    const config = (route.config ?? {}) as { permission?: unknown; public?: boolean };
    if (config.public) return;
    if (!isPermission(config.permission)) {
      throw unexpectedError('route_without_permission', `Route ${String(route.method)} ${route.url} declares no known config.permission (see auth/roles.ts) and is not public`);
    }
    const permission = config.permission;
    route.schema = { ...route.schema, security: [{ bearerAuth: [] }] } as typeof route.schema;
    const check = async (request: FastifyRequest) => {
      const token = bearer(request);
      if (!token) throw userError('unauthenticated', 'This route needs a bearer token: POST /api/auth/token, then send "Authorization: Bearer <token>"', 401);
      const user = await userForToken(services.store, token);
      if (!user) throw userError('invalid_token', 'The bearer token is unknown or expired', 401);
      if (!allows(user.role, permission)) {
        throw userError('forbidden', `Role ${user.role} may not do this (needs permission ${permission})`, 403, { permission, role: user.role });
      }
      request.user = user;
    };
    const existing = route.onRequest;
    route.onRequest = existing ? [check, ...(Array.isArray(existing) ? existing : [existing])] : [check];
  });
}
