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
import { ensureGuiBuilt, GUI_DIST_DIR, guiNeedsBuild } from './build.ts';

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

/** Whether the app can be served yet: builds run in the background so the collector starts at once. */
export interface GuiState {
  ready: boolean;
  error: string | null;
}

const WAIT_PAGE = (message: string, retry: boolean) => `<!doctype html><html lang="en"><head><meta charset="utf-8">
${retry ? '<meta http-equiv="refresh" content="3">' : ''}<title>Tessera</title>
<style>body{font:15px system-ui,sans-serif;display:grid;place-items:center;min-height:100vh;margin:0;background:#f7f8fa;color:#1f2328}</style>
</head><body><main><h1>Tessera</h1><p>${message}</p></main></body></html>`;

/** Registers the GUI routes serving `distDir`; while `state` is not ready they answer 503 with a self-refreshing page. */
export async function guiRoutes(app: App, distDir = GUI_DIST_DIR, state: GuiState = { ready: true, error: null }): Promise<void> {
  // Cache headers are ours: hashed assets forever, index.html never.
  await app.register(fastifyStatic, { root: distDir, serve: false, cacheControl: false });
  const schema = { hide: true } as const;

  // The instance's root is where an administrator lands after `npm start`.
  app.get('/', { schema }, (_request, reply) => reply.redirect('/ui/', 302));
  app.get('/ui', { schema }, (_request, reply) => reply.redirect('/ui/', 301));
  app.get('/ui/*', { schema }, async (request, reply) => {
    if (!state.ready) {
      const page = state.error
        ? WAIT_PAGE('The administrator app could not be built. The host log has the details.', false)
        : WAIT_PAGE('The administrator app is being built. This page reloads by itself.', true);
      return secure(reply).code(503).header('retry-after', '3').header('cache-control', 'no-store').type('text/html; charset=utf-8').send(page);
    }
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

/**
 * The GUI route module. When the app is missing or older than its sources it is built in the background (one build
 * at a time across processes); `/ui/` answers 503 until then. Closing the host stops a running build.
 */
export const guiRouteModule = defineRoutes({
  name: 'gui',
  audience: 'api',
  async register(app, services) {
    const state: GuiState = { ready: !(await guiNeedsBuild()), error: null };
    if (!state.ready) {
      const abort = new AbortController();
      const started = Date.now();
      services.log.info('building the GUI (gui/dist) in the background');
      const building = ensureGuiBuilt(undefined, abort.signal).then(
        () => { state.ready = true; services.log.info({ ms: Date.now() - started }, 'the GUI is built and served at /ui/'); },
        (err: unknown) => {
          if (abort.signal.aborted) return;
          state.error = (err as Error).message;
          services.log.error({ err }, 'building the GUI failed; /ui/ answers 503');
        },
      );
      app.addHook('onClose', async () => { abort.abort(); await building; });
    }
    await guiRoutes(app, GUI_DIST_DIR, state);
  },
});
