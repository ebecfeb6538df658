/**
 * Runs the flows that routing rules select for the events of one request. Events are processed in order; the flows
 * of one event run one after the other, each starting from the documents the previous successful flow left, so the
 * outcome never depends on timing. A failed flow contributes nothing but its errors (see the engine).
 */
import type { Profile, Session, TrackedEvent } from '../storage/index.ts';
import { deepMerge, type Engine, type FlowDocs, type FlowIssue, type ScheduleRequest } from './engine/index.ts';
import type { Rule } from './flow.schema.ts';
import type { LiveFlows } from './live.ts';
import type { RuleService } from './rules.service.ts';

/** The flows selected for one event. */
export interface EventRoute {
  eventId: string;
  rules: Rule[];
}

/** A `schedule` port request of a successful flow, with the event and flow it came from. */
export interface FlowScheduleRequest extends ScheduleRequest {
  eventId: string;
  flowId: string;
}

/** What processing produced for a request. */
export interface Processed {
  profile: Profile | null;
  session: Session | null;
  events: TrackedEvent[];
  profileChanged: boolean;
  sessionChanged: boolean;
  /** Ids of events whose document changed (status, flow trace, patched properties). */
  changedEvents: Set<string>;
  response: Record<string, unknown>;
  ux: unknown[];
  /** Events the flows asked to inject later; the scheduler enqueues them once the request is stored. */
  scheduled: FlowScheduleRequest[];
  errors: FlowIssue[];
  warnings: FlowIssue[];
}

/** Picks the rules matching each event, evaluating conditions against the documents as they are now. */
export async function routeEvents(rules: RuleService, events: TrackedEvent[], profile: Profile | null, session: Session | null): Promise<EventRoute[]> {
  const out: EventRoute[] = [];
  for (const event of events) {
    const matched = await rules.match({ type: event.type, sourceId: event.sourceId }, { event, profile, session });
    if (matched.length > 0) out.push({ eventId: event.id, rules: matched });
  }
  return out;
}

/** Runs the published version of each routed flow. */
export async function processEvents(deps: { engine: Engine; live: LiveFlows }, routes: EventRoute[], input: { profile: Profile | null; session: Session | null; events: TrackedEvent[] }): Promise<Processed> {
  const result: Processed = {
    profile: input.profile, session: input.session, events: input.events.slice(), profileChanged: false, sessionChanged: false,
    changedEvents: new Set(), response: {}, ux: [], scheduled: [], errors: [], warnings: [],
  };
  for (const route of routes) {
    const index = result.events.findIndex((e) => e.id === route.eventId);
    if (index < 0) continue;
    let event = result.events[index];
    const trace: Record<string, unknown>[] = [];
    let failed = false;
    for (const rule of route.rules) {
      const version = await deps.live.get(rule.flowId);
      if (!version) {
        result.warnings.push({
          flowId: rule.flowId, flowName: '', version: 'draft', nodeId: null, nodeLabel: null, plugin: null, code: 'flow_not_published',
          message: `rule "${rule.name}" (${rule.id}) selects flow ${rule.flowId}, which has no published version; nothing ran`,
        });
        continue;
      }
      const docs: FlowDocs = { event: event as unknown as Record<string, unknown>, profile: result.profile as Record<string, unknown> | null, session: result.session as Record<string, unknown> | null };
      const run = await deps.engine.run({ id: version.flowId, version: version.version, graph: version.graph }, docs);
      trace.push({ flowId: version.flowId, version: version.version, rule: rule.id, status: run.status, ms: Math.round(run.durationMs * 100) / 100 });
      result.errors.push(...run.errors);
      result.warnings.push(...run.warnings);
      if (run.status !== 'ok') { failed = true; continue; }
      deepMerge(result.response, run.response);
      result.ux.push(...run.ux);
      for (const r of run.scheduled) result.scheduled.push({ ...r, eventId: route.eventId, flowId: version.flowId });
      if (run.docs.profile !== docs.profile) { result.profile = run.docs.profile as unknown as Profile; result.profileChanged = true; }
      if (run.docs.session !== docs.session) { result.session = run.docs.session as unknown as Session; result.sessionChanged = true; }
      if (run.docs.event !== docs.event) event = run.docs.event as unknown as TrackedEvent;
    }
    if (trace.length > 0) {
      event = { ...event, status: failed ? 'error' : 'processed', flows: trace };
      result.events[index] = event;
      result.changedEvents.add(event.id);
    }
  }
  return result;
}
