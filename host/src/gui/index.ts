/** The administrator GUI: build-on-start and serving at `/ui/`. */
export { guiRouteModule, guiRoutes } from './gui.route.ts';
export { buildGui, ensureGuiBuilt, guiIsStale, GUI_DIR, GUI_DIST_DIR } from './build.ts';
