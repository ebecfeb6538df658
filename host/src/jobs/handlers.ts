/**
 * Which code runs each background job, in one closed table (one entry per JOB_NAMES entry). The process that
 * consumes the queue — `tessera worker` in scale mode, the host itself with the embedded queue — registers them all.
 */
import { JOB_NAMES, type JobHandler, type JobName } from '../queue/index.ts';
import type { Services } from '../services.ts';
import { importJobHandler } from './import.job.ts';
import { mergeJobHandler } from '../merging/merge.job.ts';
import { segmentJobHandler } from '../segments/segment.job.ts';
import { dispatchJobHandler } from '../destinations/dispatch.job.ts';
import { scheduledEventJobHandler } from '../scheduler/scheduled-event.job.ts';

/** A handler factory: gets the services once, returns the handler. */
type HandlerFactory = (services: Services) => JobHandler<never>;

/** Job name → handler. */
export const JOB_HANDLERS: Record<JobName, HandlerFactory> = {
  merge: mergeJobHandler as HandlerFactory,
  segment: segmentJobHandler as HandlerFactory,
  'scheduled-event': scheduledEventJobHandler as HandlerFactory,
  import: importJobHandler as HandlerFactory,
  dispatch: dispatchJobHandler as HandlerFactory,
};

/** How many jobs of each name one process runs at once. */
export const JOB_CONCURRENCY: Record<JobName, number> = { merge: 4, segment: 2, 'scheduled-event': 8, import: 2, dispatch: 8 };

/** Registers every handler on the services' queue. */
export function startJobProcessing(services: Services): void {
  for (const name of JOB_NAMES) {
    services.queue.process(name, JOB_HANDLERS[name](services) as JobHandler, { concurrency: JOB_CONCURRENCY[name] });
  }
}
