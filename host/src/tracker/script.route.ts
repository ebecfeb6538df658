/**
 * `GET /tracker/tessera.js` (and its source map): the browser tracker, built at start-up when missing or stale,
 * held in memory, served gzipped when the browser accepts it, with an ETag for cheap revalidation.
 * `/tracker/liliput.min.js` serves the same file so Tracardi's loader, which appends that name, finds it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
// Brings in the OpenAPI keys (tags, summary) of route schemas.
import type {} from '@fastify/swagger';
import type { App } from '../http/types.ts';
import { ensureTracker } from './build.ts';

/** Options of {@link trackerScriptRoutes}. */
export interface TrackerScriptOptions {
  /** Where the bundle lives; defaults to `host/dist/tracker`. */
  distDir?: string;
}

interface Asset {
  body: Buffer;
  gzip: Buffer;
  etag: string;
  type: string;
}

function asset(body: Buffer, type: string): Asset {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
  return { body, gzip: gzipSync(body, { level: 9 }), etag, type };
}

function serve(a: Asset) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<Buffer | undefined> => {
    reply
      .header('content-type', a.type)
      .header('etag', a.etag)
      // Short: a redeployed tracker reaches every site within minutes, and the ETag makes revalidation cheap.
      .header('cache-control', 'public, max-age=300')
      // Sites that set Cross-Origin-Embedder-Policy may still load the script from the collector's origin.
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('vary', 'accept-encoding');
    if (request.headers['if-none-match'] === a.etag) {
      reply.code(304);
      return undefined;
    }
    if (/\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip');
      return a.gzip;
    }
    return a.body;
  };
}

/** Registers the tracker script routes. Public: they belong on collector instances too. */
export async function trackerScriptRoutes(app: App, opts: TrackerScriptOptions = {}): Promise<void> {
  const file = await ensureTracker(opts.distDir);
  const js = serve(asset(await readFile(file), 'application/javascript; charset=utf-8'));
  const map = serve(asset(await readFile(`${file}.map`), 'application/json; charset=utf-8'));
  const schema = { tags: ['tracker'], summary: 'The Tessera browser tracker (no dependencies, minified).' } as const;
  app.get('/tracker/tessera.js', { schema }, js);
  app.get('/tracker/liliput.min.js', { schema: { ...schema, summary: 'The tracker under the file name Tracardi snippets load.' } }, js);
  app.get('/tracker/tessera.js.map', { schema: { tags: ['tracker'], summary: 'Source map of the tracker.' } }, map);
}
