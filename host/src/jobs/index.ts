/** Background jobs: the handler table, starting the processing, the job/import routes. */
export { JOB_HANDLERS, JOB_CONCURRENCY, startJobProcessing } from './handlers.ts';
export { importJobHandler, type ImportJobPayload } from './import.job.ts';
export { jobRoutes, MAX_IMPORT_PAYLOADS } from './jobs.route.ts';
