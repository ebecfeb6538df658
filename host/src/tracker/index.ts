/** The browser tracker: its build, the routes that serve it and its snippet, and the ux widget schema. */
export { buildTracker, ensureTracker, trackerIsStale, TRACKER_DIST_DIR, TRACKER_GZIP_BUDGET, type TrackerBundle } from './build.ts';
export { trackerScriptRoutes, type TrackerScriptOptions } from './script.route.ts';
export { snippetApiRoutes, trackerRoutes } from './tracker.routes.ts';
export { snippetRoutes, SnippetResponse, type SnippetRouteOptions } from './snippet.route.ts';
export { renderSnippet, type SnippetInput } from './snippet.ts';
export { UxButton, UxEvent, UxWidget, UX_EVENT_TYPE_PATTERN } from './ux.schema.ts';
