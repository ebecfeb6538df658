/**
 * Delayed and scheduled events: flows ask through the reserved `schedule` port, operators through the API; both
 * become durable delayed `scheduled-event` jobs that inject the event into the pipeline when due.
 */
export { scheduling, MAX_SCHEDULED_PER_REQUEST } from './scheduling.stage.ts';
export { scheduledEventJobHandler } from './scheduled-event.job.ts';
export { schedulerRoutes } from './scheduler.route.ts';
export { checkSchedule, scheduleEvent, scheduledEvents, MAX_SCHEDULE_DEPTH, type CheckedSchedule, type ScheduleTarget } from './schedule.ts';
export { SCHEDULER_SOURCE_ID } from './internal/source.ts';
export { ScheduleInput, ScheduledEvent, ScheduleOrigin, MAX_DELAY_SECONDS } from './scheduled.schema.ts';
