/**
 * `schedule-event`: asks the host to inject an event for the same profile and session later. Plugins never touch the
 * queue: the request goes out of the reserved `schedule` port, which the workflow engine collects (like `respond`
 * and `ux`); the host enqueues it once the triggering event is stored. The input payload continues on `payload`.
 */
import { definePlugin } from '@tessera/plugin-sdk';
import { renderTemplate, reshape, scopeOf } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface ScheduleEventConfig {
  eventType: string;
  delaySeconds?: number;
  at?: string;
  properties: Record<string, unknown>;
}

function fail(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

export default definePlugin<ScheduleEventConfig>({
  run(input, ctx) {
    const view = scopeOf(ctx, input.payload);
    const type = String(renderTemplate(ctx.config.eventType, view) ?? '').trim();
    if (type === '') fail('invalid_event_type', 'the event type rendered to an empty string');
    const hasDelay = ctx.config.delaySeconds !== undefined;
    const hasAt = ctx.config.at !== undefined && ctx.config.at !== '';
    if (hasDelay === hasAt) fail('invalid_schedule', 'give exactly one of delaySeconds or at');
    const request: Record<string, unknown> = { type, properties: reshape(ctx.config.properties ?? {}, view) };
    if (hasDelay) request.delaySeconds = ctx.config.delaySeconds;
    else {
      const at = String(renderTemplate(ctx.config.at!, view) ?? '').trim();
      // Validated here so the flow's trace names the bad value; the host checks the time window again.
      if (!ISO_RE.test(at) || Number.isNaN(Date.parse(at))) fail('invalid_schedule', `at '${at}' is not an ISO date or time`);
      request.at = new Date(Date.parse(at)).toISOString();
    }
    return [{ port: 'schedule', payload: request }, { port: 'payload', payload: input.payload }];
  },
});
