/**
 * Serves the administrator GUI at `/ui/`: hashed assets with a long cache, and `index.html` for every other path
 * under `/ui/` so the single-page app's own router handles deep links. Absent when EXPOSE_GUI_API=no.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import type {} from '@fastify/swagger';
import { userError } from '../errors/index.ts';
import { defineRoutes, type App } from '../http/types.ts';
import { ensureGuiBuilt, GUI_DIST_DIR } from './build.ts';

// The app needs inline styles (naive-ui injects its CSS at run time) but no inline script and no other origin.
const CSP = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob:",
  "font-src 'self' data:", "connect-src 'self'", "worker-src 'self' blob:", "frame-ancestors 'none'", "base-uri 'self'", "form-action 'self'",
].join('; ');

function secure(reply: FastifyReply): FastifyReply {
  return reply
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .header('x-frame-options', 'DENY');
}

async function isFile(p: string): Promise<boolean> {
  return (await stat(p).catch(() => null))?.isFile() ?? false;
}

/** Registers the GUI routes serving `distDir`. */
export async function guiRoutes(app: App, distDir = GUI_DIST_DIR): Promise<void> {
  await app.register(fastifyStatic, { root: distDir, serve: false });
  const schema = { hide: true } as const;

  app.get('/ui', { schema }, (_request, reply) => reply.redirect('/ui/', 301));
  app.get('/ui/*', { schema }, async (request, reply) => {
    const rel = decodeURIComponent((request.params as { '*': string })['*'] ?? '');
    const file = path.normalize(rel).replace(/^([/\\])+/, '');
    if (file.startsWith('..') || path.isAbsolute(file)) throw userError('bad_path', 'Invalid path', 400);
    if (file && (await isFile(path.join(distDir, file)))) {
      const immutable = file.startsWith(`assets${path.sep}`);
      return secure(reply).header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache').sendFile(file);
    }
    // A missing asset is a 404, not the app: a browser must never parse index.html as a script.
    if (file.startsWith(`assets${path.sep}`)) throw userError('asset_not_found', `No GUI asset ${rel}`, 404);
    return secure(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8').sendFile('index.html');
  });
}

/** The GUI route module: builds the app at start-up when missing or stale, then serves it. */
export const guiRouteModule = defineRoutes({
  name: 'gui',
  audience: 'api',
  async register(app, services) {
    const started = Date.now();
    const { built } = await ensureGuiBuilt();
    if (built) services.log.info({ ms: Date.now() - started }, 'built the GUI (gui/dist)');
    await guiRoutes(app);
  },
});
