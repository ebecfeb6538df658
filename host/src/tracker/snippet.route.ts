/**
 * `GET /api/sources/{id}/snippet` → `{snippet}`: the HTML to paste into a site for one event source, with the
 * collector URL and the source id filled in. The GUI shows the same text.
 */
import { Type, type Static } from 'typebox';
// Brings in the OpenAPI keys (tags, summary) of route schemas and the `permission` route config.
import type {} from '@fastify/swagger';
import type {} from '../auth/guard.ts';
import { userError } from '../errors/index.ts';
import { errors } from '../http/schemas.ts';
import type { App } from '../http/types.ts';
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
    description: 'Public base URL of the collector the site should call; defaults to PUBLIC_URL, else the URL this request came to.',
  })),
});

/** Options of {@link snippetRoutes}: how to look a source up (the host passes its store). */
export interface SnippetRouteOptions {
  findSource(id: string): Promise<{ id: string } | null>;
  /** The configured public collector URL (`PUBLIC_URL`); `?api=` overrides it, the request's own URL replaces it when unset. */
  publicUrl?: string;
  /** Path of the route; the default is the documented `/api/sources/:id/snippet`. */
  path?: string;
}

/** Registers the snippet route. Mount it inside the authenticated `/api` scope. */
export async function snippetRoutes(app: App, opts: SnippetRouteOptions): Promise<void> {
  app.get(opts.path ?? '/api/sources/:id/snippet', {
    config: { permission: 'sources.read' },
    schema: {
      tags: ['sources'],
      summary: 'The HTML snippet that installs the tracker for this source.',
      params: Params,
      querystring: Query,
      response: { 200: SnippetResponse, ...errors(400, 401, 403, 404) },
    },
  }, async (request) => {
    const source = await opts.findSource(request.params.id);
    if (!source) throw userError('source_not_found', `No event source with id ${request.params.id}`, 404, { field: 'id' });
    // Behind a proxy, protocol and host come from X-Forwarded-* when the app trusts its proxy; PUBLIC_URL saves
    // relying on that (an admin on an internal host name would otherwise get a snippet sites cannot reach).
    const apiUrl = request.query.api ?? opts.publicUrl ?? `${request.protocol}://${request.host}`;
    return { snippet: renderSnippet({ apiUrl, sourceId: source.id }) };
  });
}
