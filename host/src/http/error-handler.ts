/**
 * The one place where errors become HTTP answers (STYLE.md §4): Tessera errors keep their code and status, Fastify's
 * own client errors (validation, bad JSON, oversized bodies) get stable codes, and anything else is logged with its
 * cause and answered with a generic 500. A client never sees a stack trace.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isTesseraError, type ErrorDetails } from '../errors/index.ts';
import { fieldProblem, uniqueProblems, type AjvLikeError } from './internal/validation.ts';

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetails };
}

/** Fastify's client-error codes → our stable codes and statuses. */
const FASTIFY_CLIENT_ERRORS: Readonly<Record<string, { code: string; status: number; message?: string }>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'malformed_json', status: 400, message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'empty_body', status: 400, message: 'The request body is empty but its content-type is application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', status: 413 },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', status: 415 },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_content_length', status: 400 },
  FST_ERR_BAD_URL: { code: 'bad_url', status: 400 },
  FST_ERR_ASYNC_CONSTRAINT: { code: 'bad_request', status: 400 },
};

/** The body of an error answer. */
export function errorBody(code: string, message: string, details?: ErrorDetails): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

/** The error handler of the whole application (set once on the root instance). */
export function errorHandler(err: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const e = err as FastifyError & { validation?: AjvLikeError[]; validationContext?: string };

  if (Array.isArray(e.validation)) {
    const fields = uniqueProblems(e.validation.map((v) => fieldProblem(v, e.validationContext ?? 'body')));
    const first = fields[0];
    const message = first ? `${first.in}${first.path ? '.' + first.path : ''} ${first.message}` : 'The request is invalid';
    void reply.status(422).send(errorBody('validation_failed', message, { fields }));
    return;
  }

  if (isTesseraError(e)) {
    if (e.status >= 500) request.log.error({ err: e, cause: (e as Error).cause }, e.message);
    const message = e.kind === 'unexpected' ? 'An unexpected error occurred; it has been logged.' : e.message;
    void reply.status(e.status).send(errorBody(e.code, message, e.kind === 'unexpected' ? undefined : e.details));
    return;
  }

  const known = typeof e.code === 'string' ? FASTIFY_CLIENT_ERRORS[e.code] : undefined;
  if (known) {
    let message = known.message ?? e.message;
    if (known.code === 'body_too_large') {
      const limit = request.routeOptions?.bodyLimit;
      message = limit ? `The request body is larger than the limit of ${limit} bytes` : 'The request body is too large';
    }
    void reply.status(known.status).send(errorBody(known.code, message));
    return;
  }

  // Other Fastify 4xx errors (e.g. unsupported method on a known path) keep their status with a generic code.
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 400 && status < 500) {
    void reply.status(status).send(errorBody('bad_request', e.message));
    return;
  }

  request.log.error({ err: e }, 'unexpected error while handling a request');
  void reply.status(500).send(errorBody('internal_error', 'An unexpected error occurred; it has been logged.'));
}

/** Unknown routes answer like every other error. */
export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send(errorBody('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
}
