/**
 * Destinations: configured outlets (a destination plugin, its config and sealed credentials) that receive events or
 * changed profiles. The pipeline stage only enqueues `dispatch` jobs; the job runs the plugin in the sandbox.
 */
export { destinations } from './destinations.stage.ts';
export { dispatchJobHandler, enqueueDispatch, type DispatchJobPayload } from './dispatch.job.ts';
export { destinationRoutes } from './destinations.route.ts';
export { activeDestinations, destinationRecords, prepareDestination, destinationsChanged, DESTINATIONS_CHANNEL, type ActiveDestination } from './destinations.service.ts';
export { DestinationInput, DestinationUpdate, DestinationView, Delivery, DestinationTrigger, MASK, viewDestination, type StoredDestination } from './destination.schema.ts';
