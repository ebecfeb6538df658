/**
 * The `dispatch` job: runs a destination plugin in the sandbox with the event, profile and session of the request
 * (each visible to the plugin only as its manifest permits) and the destination's credentials as `ctx.resources`.
 * Its `ctx.fetch` obeys the manifest's network allowlist and the host's SSRF guard. Operational failures (network,
 * 5xx) and sandbox faults are retried by the queue with the destination's backoff; the plugin's own errors (bad
 * config, refused host, 4xx) go to the dead letters at once, as does the last attempt, naming destination, plugin and
 * reason.
 */
import { randomUUID } from 'node:crypto';
import { operationalError, unexpectedError, userError } from '../errors/index.ts';
import type { Job } from '../queue/index.ts';
import type { Services } from '../services.ts';
import type { OutboxJob, Profile, Session, TrackedEvent } from '../storage/index.ts';
import type { DestinationTrigger, StoredDestination } from './destination.schema.ts';
import { destinationRecords } from './destinations.service.ts';
import { openResources } from './internal/resources.ts';

/** What a dispatch job carries: a snapshot of the data as the request left it. */
export interface DispatchJobPayload {
  destinationId: string;
  trigger: DestinationTrigger;
  event: TrackedEvent | null;
  profile: Profile | null;
  session: Session | null;
}

/** One dispatch as an outbox job (committed with the /track batch), with the destination's retry policy. */
export function dispatchJob(destination: StoredDestination, data: Omit<DispatchJobPayload, 'destinationId'>): OutboxJob {
  const payload: DispatchJobPayload = { destinationId: destination.id, ...data };
  return { id: randomUUID(), name: 'dispatch', payload, options: { attempts: destination.delivery.attempts, backoffMs: destination.delivery.backoffMs } };
}

/** Enqueues one dispatch with the destination's retry policy; resolves with the job id. */
export function enqueueDispatch(services: Pick<Services, 'queue'>, destination: StoredDestination, data: Omit<DispatchJobPayload, 'destinationId'>): Promise<string> {
  const payload: DispatchJobPayload = { destinationId: destination.id, ...data };
  return services.queue.enqueue('dispatch', payload, { attempts: destination.delivery.attempts, backoffMs: destination.delivery.backoffMs });
}

/** Sends one event or profile to one destination. */
export function dispatchJobHandler(services: Services) {
  return async (job: Job<DispatchJobPayload>): Promise<void> => {
    const p = job.payload;
    // Read fresh, not from the stage's cache: a destination disabled or deleted since the enqueue receives nothing.
    const d = await destinationRecords(services).get(p.destinationId);
    if (!d || !d.enabled) {
      services.log.info({ destination: p.destinationId, job: job.id }, `destination ${d ? 'disabled' : 'deleted'} since the dispatch was queued; nothing sent`);
      return;
    }
    const ref = `${d.plugin.name}@${d.plugin.version}`;
    const where = `destination "${d.name}" (${d.id}), plugin ${ref}`;
    const pkg = await services.plugins.service.catalog.get(d.plugin.name, d.plugin.version);
    if (pkg.manifest.kind !== 'destination') throw userError('plugin_kind_mismatch', `${where}: the plugin is of kind ${pkg.manifest.kind}, not destination`, 422, { destination: d.id, plugin: ref });
    const result = await services.sandbox.run({
      plugin: { name: pkg.name, version: pkg.version, manifest: pkg.manifest, code: pkg.code, integrity: pkg.integrity },
      config: d.config,
      input: { port: pkg.manifest.inputs[0] ?? 'payload', payload: { trigger: p.trigger, destination: { id: d.id, name: d.name } } },
      event: p.event as Record<string, unknown> | null, profile: p.profile as Record<string, unknown> | null, session: p.session as Record<string, unknown> | null,
      resources: openResources(services.cipher, d.sealedResources),
      trace: { flowId: `destination:${d.id}` },
    });
    if (!result.error) return;
    const e = result.error;
    const message = `${where}: ${e.message}`;
    const details = { destination: d.id, plugin: ref, attempt: job.attempt, pluginCode: e.code };
    if (e.kind === 'operational') throw operationalError(e.code, message, 503, details);
    // A sandbox fault (not the plugin's) may pass on another attempt; the plugin's own mistakes will not.
    if (e.kind === 'unexpected') throw unexpectedError(e.code, message, undefined, details);
    throw userError(e.code, message, 422, details);
  };
}
