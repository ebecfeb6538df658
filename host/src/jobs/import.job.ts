/**
 * The `import` job: tracker payloads uploaded through `POST /api/import/track` run through the same ingestion
 * pipeline as `/track`, on whichever process consumes the queue (a `tessera worker` in scale mode). Event ids are
 * fixed when the job is enqueued, so a retried import rewrites the same events instead of duplicating them.
 */
import { isTesseraError, userError } from '../errors/index.ts';
import { emptyOutput } from '../pipeline/internal/http.ts';
import { runPipeline } from '../pipeline/run.ts';
import { normaliseId } from '../pipeline/stages/ids.ts';
import type { TrackerPayload } from '../pipeline/track.schema.ts';
import type { Job } from '../queue/index.ts';
import type { Services } from '../services.ts';

/** What an import job carries. */
export interface ImportJobPayload {
  payloads: TrackerPayload[];
  /** ISO time the upload was accepted (the events' arrival time). */
  receivedAt: string;
  /** Who uploaded it (user id), for the audit trail of the job. */
  by: string;
}

/** Runs every payload through the pipeline; refused payloads are reported together after the rest ran. */
export function importJobHandler(services: Services) {
  return async (job: Job<ImportJobPayload>): Promise<void> => {
    const failures: Array<{ index: number; code: string; message: string }> = [];
    for (const [index, payload] of job.payload.payloads.entries()) {
      // The uploader is an authenticated API user who may manage sources: they act with the source's own secret.
      const found = await services.sources.get(normaliseId(payload.source.id));
      try {
        await runPipeline({
          payload,
          request: {
            endpoint: 'track', ip: '127.0.0.1', origin: undefined, secret: found?.secret ?? undefined,
            userAgent: 'tessera-import', receivedAt: new Date(job.payload.receivedAt), profileLess: false,
          },
          out: emptyOutput(),
        }, services);
      } catch (error) {
        if (!isTesseraError(error) || error.kind !== 'user') throw error;
        failures.push({ index, code: error.code, message: error.message });
      }
    }
    if (failures.length > 0) {
      const first = failures[0]!;
      throw userError('import_rejected', `${failures.length} of ${job.payload.payloads.length} payloads were refused; payloads[${first.index}]: ${first.code}: ${first.message}`, 422, { failures });
    }
  };
}
