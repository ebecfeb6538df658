/** `GET /api/sessions/{id}`. */
import { userError } from '../errors/index.ts';
import { errors, IdParams } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { Session } from '../storage/index.ts';

/** Sessions. */
export const sessionRoutes = defineRoutes({
  name: 'sessions',
  audience: 'api',
  register(app, services) {
    app.get('/api/sessions/:id', {
      config: { permission: 'sessions.read' },
      schema: { tags: ['sessions'], summary: 'Get a session', params: IdParams, response: { 200: Session, ...errors(401, 403, 404) } },
    }, async (request) => {
      const session = await services.store.sessions.get(request.params.id.trim().toLowerCase());
      if (!session) throw userError('session_not_found', `Session ${request.params.id} does not exist`, 404);
      return session;
    });
  },
});
