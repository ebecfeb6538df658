/** Dashboard statistics computed through the storage port. */
export { statsRoutes } from './stats.route.ts';
export { dashboardStats, bucketStart, BY_TYPE_WINDOW } from './stats.service.ts';
export { DashboardStats, Bucket, FlowErrorSample } from './stats.schema.ts';
