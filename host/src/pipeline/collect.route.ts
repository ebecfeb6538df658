/**
 * `GET|POST /collect/{eventType}/{sourceId}[/{sessionId}]` for webhook sources. A POST body (JSON, form or JSON in
 * text/plain) or a GET query string becomes the event's properties. Without a session id the event is profile-less
 * (no profile, no session), as in Tracardi.
 */
import formbody from '@fastify/formbody';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { errors } from '../http/schemas.ts';
import { defineRoutes, type App } from '../http/types.ts';
import type { Services } from '../services.ts';
import { runPipeline, toTrackResponse } from './run.ts';
import { TrackResponse, type TrackerPayload } from './track.schema.ts';
import { acceptJsonAsText, allowOrigin, emptyOutput, registerPreflight, requestFacts, SECRET_HEADER } from './internal/http.ts';

const Segment = (description: string) => Type.String({ minLength: 1, maxLength: 256, description });
const Params = Type.Object({
  eventType: Segment('Event type'),
  sourceId: Segment('Webhook event source id'),
  sessionId: Type.Optional(Segment('Session id; with it, the event gets a profile and session')),
});
type Params = Static<typeof Params>;
const Properties = Type.Record(Type.String(), Type.Unknown(), { description: 'Becomes the event properties' });
const Query = Type.Record(Type.String(), Type.Unknown());

async function collect(services: Services, request: FastifyRequest, reply: FastifyReply, properties: Record<string, unknown>) {
  const { eventType, sourceId, sessionId } = request.params as Params;
  const payload: TrackerPayload = {
    source: { id: sourceId },
    session: sessionId ? { id: sessionId } : null,
    events: [{ type: eventType, properties }],
    options: sessionId ? {} : { saveSession: false },
  };
  const run = await runPipeline({ payload, request: requestFacts(request, 'collect', !sessionId), out: emptyOutput() }, services);
  allowOrigin(request, reply);
  reply.status(run.state.out.errors.length > 0 ? 226 : 200);
  return toTrackResponse(run);
}

function register(app: App, services: Services, url: string): void {
  const common = {
    tags: ['collector'],
    params: Params,
    response: { 200: TrackResponse, 226: TrackResponse, ...errors(400, 401, 403, 413, 415, 422, 503) },
  };
  const description = `For \`webhook\` sources. Sources with a secret require the \`${SECRET_HEADER}\` header.`;
  app.get(url, {
    schema: { ...common, summary: 'Collect one event; the query string becomes its properties', description, querystring: Query },
  }, (request, reply) => collect(services, request, reply, { ...(request.query as Record<string, unknown>) }));
  app.post(url, {
    bodyLimit: services.config.trackMaxBodyBytes,
    schema: { ...common, summary: 'Collect one event; the body (JSON or form) becomes its properties', description, body: Type.Optional(Properties) },
  }, (request, reply) => collect(services, request, reply, { ...((request.body as Record<string, unknown> | undefined) ?? {}) }));
  registerPreflight(app, services, url);
}

/** The webhook collector routes. */
export const collectRoutes = defineRoutes({
  name: 'collect',
  audience: 'collector',
  async register(app, services) {
    await app.register(formbody, { bodyLimit: services.config.trackMaxBodyBytes });
    acceptJsonAsText(app);
    register(app, services, '/collect/:eventType/:sourceId');
    register(app, services, '/collect/:eventType/:sourceId/:sessionId');
  },
});
