/**
 * The tracker's route modules for `http/routes.ts`: the script is a collector route (public collector instances serve
 * it too); the snippet is an API route that needs `sources.read`.
 */
import { defineRoutes } from '../http/types.ts';
import type { StoredSource } from '../sources/source.schema.ts';
import { trackerScriptRoutes } from './script.route.ts';
import { snippetRoutes } from './snippet.route.ts';

/** `GET /tracker/tessera.js` and friends. */
export const trackerRoutes = defineRoutes({
  name: 'tracker',
  audience: 'collector',
  register: (app) => trackerScriptRoutes(app),
});

/** `GET /api/sources/{id}/snippet`. */
export const snippetApiRoutes = defineRoutes({
  name: 'tracker-snippet',
  audience: 'api',
  register: (app, services) => snippetRoutes(app, {
    // Source ids are stored lower-cased, as Tracardi does.
    findSource: (id) => services.store.config<StoredSource>('sources').get(id.trim().toLowerCase()),
    publicUrl: services.config.publicUrl,
  }),
});
