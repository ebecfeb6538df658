/**
 * Every route module of the host, in one closed list. Add yours with one line; tag it `collector` (exists on every
 * instance) or `api` (absent when EXPOSE_GUI_API=no). `api` routes under `/api` must declare `config.permission`
 * (see auth/roles.ts) or `config.public`.
 */
import { authRoutes } from '../auth/auth.route.ts';
import { eventRoutes } from '../events/events.route.ts';
import { collectRoutes } from '../pipeline/collect.route.ts';
import { trackRoutes } from '../pipeline/track.route.ts';
import { profileRoutes } from '../profiles/profiles.route.ts';
import { sessionRoutes } from '../sessions/sessions.route.ts';
import { sourceRoutes } from '../sources/sources.route.ts';
import { snippetApiRoutes, trackerRoutes } from '../tracker/tracker.routes.ts';
import { userRoutes } from '../users/users.route.ts';
import { guiRouteModule } from '../gui/index.ts';
import { statsRoutes } from '../stats/index.ts';
import { marketplaceRoutes } from '../plugins/http/marketplace.route.ts';
import { pluginRoutes } from '../plugins/http/plugins.route.ts';
import { registryRoutes } from '../plugins/http/registry.route.ts';
import { healthRoutes } from './health.route.ts';
import { jobRoutes } from '../jobs/jobs.route.ts';
import { identificationPointRoutes } from '../identity/identification-points.route.ts';
import { mergeRoutes } from '../merging/merge.route.ts';
import { segmentRoutes } from '../segments/segments.route.ts';
import { destinationRoutes } from '../destinations/destinations.route.ts';
import { schedulerRoutes } from '../scheduler/scheduler.route.ts';
import type { RouteModule } from './types.ts';
import { flowRoutes } from '../workflow/flows.route.ts';
import { ruleRoutes } from '../workflow/rules.route.ts';

/** The route modules, registered in this order. */
export const ROUTE_MODULES = [
  healthRoutes,
  trackRoutes,
  collectRoutes,
  authRoutes,
  userRoutes,
  sourceRoutes,
  trackerRoutes,
  snippetApiRoutes,
  eventRoutes,
  profileRoutes,
  sessionRoutes,
  flowRoutes,
  ruleRoutes,
  pluginRoutes,
  marketplaceRoutes,
  registryRoutes,
  statsRoutes,
  jobRoutes,
  identificationPointRoutes,
  mergeRoutes,
  segmentRoutes,
  schedulerRoutes,
  destinationRoutes,
  guiRouteModule,
] as const satisfies readonly RouteModule[];
