/**
 * `GET /api/sources/{id}/snippet` → `{snippet}`: the HTML to paste into a site for one event source, with the
 * collector URL and the source id filled in. The GUI shows the same text.
 */
import { Type, type Static } from 'typebox';
import type { FastifyInstance } from 'fastify';
// Brings in the OpenAPI keys (tags, summary) of route schemas.
import type {} from '@fastify/swagger';
import { userError } from '../errors/index.ts';
import { renderSnippet } from './snippet.ts';

/** The snippet route's answer. */
export const SnippetResponse = Type.Object({ snippet: Type.String() });
/** The snippet route's answer. */
export type SnippetResponse = Static<typeof SnippetResponse>;

const Params = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });
const Query = Type.Object({
  api: Type.Optional(Type.String({
    pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$',
    maxLength: 2048,
    description: 'Public base URL of the collector the site should call; defaults to the URL this request came to.',
  })),
});

/** Options of {@link snippetRoutes}: how to look a source up (the host passes its store). */
export interface SnippetRouteOptions {
  findSource(id: string): Promise<{ id: string } | null>;
  /** Route prefix already applied by the caller's scope, so the path is registered relative to it. */
  path?: string;
}

/** Registers the snippet route. Mount it inside the authenticated `/api` scope. */
export async function snippetRoutes(app: FastifyInstance, opts: SnippetRouteOptions): Promise<void> {
  app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof Query> }>(opts.path ?? '/api/sources/:id/snippet', {
    schema: {
      tags: ['sources'],
      summary: 'The HTML snippet that installs the tracker for this source.',
      params: Params,
      querystring: Query,
      response: { 200: SnippetResponse },
    },
  }, async (request) => {
    const source = await opts.findSource(request.params.id);
    if (!source) throw userError('source_not_found', `No event source with id ${request.params.id}`, 404, { field: 'id' });
    // Behind a proxy, protocol and host come from X-Forwarded-* when the app trusts its proxy.
    const apiUrl = request.query.api ?? `${request.protocol}://${request.host}`;
    return { snippet: renderSnippet({ apiUrl, sourceId: source.id }) };
  });
}
