/**
 * Assembles the Fastify application from the services: error handling, docs, authentication, then the route
 * modules of `http/routes.ts` that this instance exposes.
 */
import Fastify, { LogController } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { installAuthGuard } from './auth/guard.ts';
import { registerDocs } from './http/docs.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.ts';
import { ROUTE_MODULES } from './http/routes.ts';
import type { App, RouteModule } from './http/types.ts';
import { assertStageList } from './pipeline/stages.ts';
import type { Services } from './services.ts';

/** Options of {@link buildApp}; tests and benchmarks may pass their own module list. */
export interface BuildAppOptions {
  modules?: readonly RouteModule[];
  version?: string;
}

/** The route modules this instance serves (EXPOSE_GUI_API=no keeps only the collector). */
export function exposedModules(modules: readonly RouteModule[], exposeGuiApi: boolean): RouteModule[] {
  const names = new Set<string>();
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`route module ${m.name} is listed twice`);
    names.add(m.name);
  }
  return modules.filter((m) => exposeGuiApi || m.audience === 'collector');
}

/** Builds (but does not start) the HTTP application. */
export async function buildApp(services: Services, opts: BuildAppOptions = {}): Promise<App> {
  assertStageList();
  const app = Fastify({
    loggerInstance: services.log,
    bodyLimit: services.config.apiMaxBodyBytes,
    logController: new LogController({ disableRequestLogging: !services.config.logRequests }),
    // Ajv reports every problem, so a client fixes all fields in one round trip.
    ajv: { customOptions: { allErrors: true } },
    // Closing: stop accepting, let in-flight requests finish, answer new ones on kept-alive sockets with 503.
    return503OnClosing: true,
    // Some modules build assets on first start (tracker, GUI); a slow fresh machine must not fail the boot.
    pluginTimeout: 180_000,
    forceCloseConnections: 'idle',
    // Undecodable URLs are answered before routing; send them through our error body too.
    frameworkErrors: (error, request, reply) => errorHandler(error, request, reply),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // Tracardi's X-Process-Time (seconds), which existing integrations and dashboards read.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.header('x-process-time', (reply.elapsedTime / 1000).toFixed(4));
    done(null, payload);
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  await registerDocs(app, { exposeGuiApi: services.config.exposeGuiApi, version: opts.version ?? '0.1.0' });
  installAuthGuard(app, services);

  for (const module of exposedModules(opts.modules ?? ROUTE_MODULES, services.config.exposeGuiApi)) {
    await app.register(async (scope) => module.register(scope as unknown as App, services), { name: module.name } as never);
  }
  return app;
}
