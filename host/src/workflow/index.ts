/**
 * Workflows: the flow model and its versions, routing rules, the engine that runs flows in the sandbox, test runs,
 * and the pipeline stages (`routing`, `processing`, `patches`) the ingestion pipeline lists.
 */
import type { PluginCatalog } from '../plugins/index.ts';
import type { Sandbox } from '../sandbox/index.ts';
import type { Store } from '../storage/index.ts';
import type { KvStore, SandboxLogger } from '../sandbox/index.ts';
import { createEngine, type Engine } from './engine/index.ts';
import { createThreadEngine } from './thread/index.ts';
import { createFlowService, type FlowService } from './flows.service.ts';
import { createLiveFlows, type LiveFlows } from './live.ts';
import { createRuleService, type RuleService } from './rules.service.ts';

export * from './flow.schema.ts';
export { validateFlow, invalidFlowError, outputsOf } from './validate.ts';
export type { FlowProblem, FlowValidation, PluginLookup } from './validate.ts';
export { diffGraphs } from './diff.ts';
export type { FlowDiff } from './diff.ts';
export { createFlowService } from './flows.service.ts';
export type { FlowService } from './flows.service.ts';
export { createRuleService } from './rules.service.ts';
export type { RuleService } from './rules.service.ts';
export { createEngine, RESPONSE_PORT, SCHEDULE_PORT, UX_PORT, diffDocs } from './engine/index.ts';
export type { Engine, FlowRun, FlowIssue, NodeTrace, FlowDocs, RunnableFlow, ScheduleRequest } from './engine/index.ts';
export { routeEvents, processEvents } from './process.ts';
export type { EventRoute, Processed, FlowScheduleRequest } from './process.ts';
export { testRun } from './test-run.ts';
export type { TestRunInput, TestRunResult } from './test-run.ts';
export { createLiveFlows } from './live.ts';
export type { LiveFlows } from './live.ts';

/** Bus channel announcing `{ kind: 'flow' | 'rule', id }` after a workflow change, so other hosts drop caches. */
export const WORKFLOW_CHANNEL = 'workflow.changed';

/** The workflow services of one host. */
export interface Workflow {
  flows: FlowService;
  rules: RuleService;
  engine: Engine;
  live: LiveFlows;
  /** Drops caches after a change announced by another host. */
  onRemoteChange(message: unknown): void;
  /** Starts the flow threads now, so that the first flow run does not wait for one to boot. */
  warm(): void;
  /** Stops the flow threads once their runs have finished. */
  close(): Promise<void>;
}

/** Minimal bus (the coordination port's Bus fits). */
interface BusLike {
  publish(channel: string, message: unknown): Promise<void>;
}

/** Creates the workflow services once at start-up. */
export function createWorkflow(deps: {
  store: Store; sandbox: Sandbox; catalog: PluginCatalog; bus?: BusLike; flowTimeoutMs?: number;
  /** Run flows on this many worker threads with their own sandbox (`ctx.kv` and logs come back here); 0 or absent: in `sandbox`. */
  flowThreads?: { count: number; kv: KvStore; logger: SandboxLogger };
}): Workflow {
  const flows = createFlowService({ store: deps.store, plugins: deps.catalog });
  const rules = createRuleService({ store: deps.store });
  const threaded = deps.flowThreads && deps.flowThreads.count > 0
    ? createThreadEngine({ catalog: deps.catalog, kv: deps.flowThreads.kv, logger: deps.flowThreads.logger, threads: deps.flowThreads.count, flowTimeoutMs: deps.flowTimeoutMs })
    : null;
  const engine: Engine = threaded ?? createEngine({ sandbox: deps.sandbox, catalog: deps.catalog, defaultFlowTimeoutMs: deps.flowTimeoutMs });
  const live = createLiveFlows(flows);
  flows.onChange((id) => {
    live.invalidate(id);
    void deps.bus?.publish(WORKFLOW_CHANNEL, { kind: 'flow', id }).catch(() => undefined);
  });
  return {
    flows, rules, engine, live,
    onRemoteChange(message) {
      const m = (message ?? {}) as { kind?: string; id?: string };
      if (m.kind === 'flow') live.invalidate(m.id);
      else rules.invalidate();
    },
    warm: () => threaded?.warm(),
    close: async () => { await threaded?.close(); },
  };
}
