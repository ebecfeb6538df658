/** Types shared by route modules: the Fastify instance with the TypeBox provider, and the route module contract. */
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Services } from '../services.ts';

/** The Fastify instance every route module registers on (TypeBox schemas give typed requests). */
export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Who a route serves: `collector` routes exist on every instance, `api` routes only when EXPOSE_GUI_API=yes. */
export type Audience = 'collector' | 'api';

/** A group of routes registered together. Listed once in `routes.ts`. */
export interface RouteModule {
  /** Unique name, used in start-up errors and logs. */
  readonly name: string;
  readonly audience: Audience;
  /** Registers the module's routes; runs inside its own encapsulated Fastify plugin. */
  register(app: App, services: Services): void | Promise<void>;
}

/** Declares a route module (identity function that checks the shape). */
export function defineRoutes(module: RouteModule): RouteModule {
  return module;
}
