/** `GET /api/stats/dashboard`: the aggregates the GUI's dashboard plots. */
import { errors } from '../http/schemas.ts';
import { defineRoutes } from '../http/types.ts';
import { DashboardStats } from './stats.schema.ts';
import { dashboardStats } from './stats.service.ts';

/** Dashboard statistics; readable by every role that may read events. */
export const statsRoutes = defineRoutes({
  name: 'stats',
  audience: 'api',
  register(app, services) {
    app.get('/api/stats/dashboard', {
      config: { permission: 'events.read' },
      schema: {
        tags: ['stats'],
        summary: 'Events per minute (last hour), events by type (24 h), new profiles per day (14 days), flow errors (24 h)',
        response: { 200: DashboardStats, ...errors(401, 403) },
      },
    }, async () => dashboardStats(services.store));
  },
});
