/** HTTP glue shared by the collector routes: JSON in text/plain bodies, CORS, request facts. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { userError } from '../../errors/index.ts';
import type { App } from '../../http/types.ts';
import type { Services } from '../../services.ts';
import type { Endpoint, RequestFacts, TrackOutput } from '../types.ts';

/** Header a server-to-server caller uses to present its source's secret. */
export const SECRET_HEADER = 'x-tessera-secret';

/**
 * The browser tracker sends with `navigator.sendBeacon`, whose body is text/plain (a CORS-"simple" request needs no
 * preflight); the body is JSON all the same.
 */
export function acceptJsonAsText(app: App): void {
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(userError('empty_body', 'The request body is empty', 400), undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(userError('malformed_json', 'The request body is not valid JSON', 400), undefined);
    }
  });
}

/** What the pipeline needs to know about the request. */
export function requestFacts(request: FastifyRequest, endpoint: Endpoint, profileLess = false): RequestFacts {
  const header = (name: string) => {
    const v = request.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  return {
    endpoint,
    ip: request.ip,
    origin: header('origin'),
    secret: header(SECRET_HEADER),
    userAgent: header('user-agent'),
    receivedAt: new Date(),
    profileLess,
  };
}

/** A fresh, empty output. */
export function emptyOutput(): TrackOutput {
  return { ux: [], response: {}, errors: [], warnings: [] };
}

/** Lets the browser read the answer; the origin was already checked against the source in source validation. */
export function allowOrigin(request: FastifyRequest, reply: FastifyReply): void {
  const origin = request.headers.origin;
  if (typeof origin === 'string') reply.header('access-control-allow-origin', origin).header('vary', 'origin');
}

/**
 * Answers CORS preflights for a collector path. The body (and so the source) is unknown at preflight time, so an
 * origin passes when any enabled source allows it; the real request is then checked against its own source.
 */
export function registerPreflight(app: App, services: Services, url: string): void {
  app.options(url, {
    schema: { tags: ['collector'], summary: 'CORS preflight', hide: true },
  }, async (request, reply) => {
    const origin = request.headers.origin;
    if (typeof origin !== 'string' || !(await services.sources.anyAllowsOrigin(origin))) {
      throw userError('origin_not_allowed', `Origin ${String(origin)} is not allowed by any event source`, 403);
    }
    const asked = request.headers['access-control-request-headers'];
    reply
      .header('access-control-allow-origin', origin)
      .header('vary', 'origin')
      .header('access-control-allow-methods', 'GET, POST, OPTIONS')
      .header('access-control-allow-headers', typeof asked === 'string' ? asked : `content-type, ${SECRET_HEADER}`)
      .header('access-control-max-age', '600')
      .status(204);
    return reply.send();
  });
}
