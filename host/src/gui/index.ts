/** The administrator GUI: build-on-start and serving at `/ui/`. */
export { guiRouteModule, guiRoutes, type GuiState } from './gui.route.ts';
export { buildGui, ensureGuiBuilt, guiIsStale, guiNeedsBuild, GUI_DIR, GUI_DIST_DIR } from './build.ts';
