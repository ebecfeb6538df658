/** `POST /track`: Tracardi's wire contract. */
import { errors } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { runPipeline, toTrackResponse } from './run.ts';
import { TrackResponse, trackerPayloadSchema } from './track.schema.ts';
import { acceptJsonAsText, allowOrigin, emptyOutput, registerPreflight, requestFacts, SECRET_HEADER } from './internal/http.ts';

/** The /track collector route. */
export const trackRoutes = defineRoutes({
  name: 'track',
  audience: 'collector',
  register(app, services) {
    acceptJsonAsText(app);
    registerPreflight(app, services, '/track');
    app.post('/track', {
      bodyLimit: services.config.trackMaxBodyBytes,
      schema: {
        tags: ['collector'],
        summary: 'Track events (Tracardi TrackerPayload)',
        description: 'Accepts application/json and text/plain bodies holding JSON. Sources with a secret require the '
          + `\`${SECRET_HEADER}\` header. Answers 226 when processing logged errors. The answer is sent only after `
          + 'everything is committed.',
        body: trackerPayloadSchema(services.config.trackMaxEvents),
        response: { 200: TrackResponse, 226: TrackResponse, ...errors(400, 401, 403, 413, 415, 422, 503) },
      },
    }, async (request, reply) => {
      const run = await runPipeline({ payload: request.body, request: requestFacts(request, 'track'), out: emptyOutput() }, services);
      allowOrigin(request, reply);
      reply.status(run.state.out.errors.length > 0 ? 226 : 200);
      return toTrackResponse(run);
    });
  },
});
