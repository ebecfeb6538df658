/** `GET /health` (the process answers) and `GET /ready` (the store answers too). */
import { Type } from 'typebox';
import { operationalError } from '../errors/index.ts';
import { errors } from './schemas.ts';
import { defineRoutes } from './types.ts';

const Status = Type.Object({ status: Type.String() });

/** Liveness and readiness probes for orchestrators. */
export const healthRoutes = defineRoutes({
  name: 'health',
  audience: 'collector',
  register(app, services) {
    app.get('/health', {
      schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: Status } },
    }, async () => ({ status: 'ok' }));
    app.get('/ready', {
      schema: { tags: ['health'], summary: 'Readiness: the store answers', response: { 200: Status, ...errors(503) } },
    }, async () => {
      const ok = await services.store.ready().catch(() => false);
      if (!ok) throw operationalError('not_ready', 'The store does not answer', 503);
      return { status: 'ready' };
    });
  },
});
