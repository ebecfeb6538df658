/** Types of the workflow engine: what a flow run needs and what it produces (also the debugger's trace). */
import type { PatchOp, SandboxLog } from '../../sandbox/index.ts';
import type { FlowGraph } from '../flow.schema.ts';

/** A flow ready to run: which flow, which version (`draft` for test runs) and its graph. */
export interface RunnableFlow {
  id: string;
  version: number | 'draft';
  graph: FlowGraph;
}

/** The documents a flow reads and patches. Profile and session are null for profile-less events. */
export interface FlowDocs {
  event: Record<string, unknown>;
  profile: Record<string, unknown> | null;
  session: Record<string, unknown> | null;
}

/** One failure or warning, naming everything needed to find it (Tracardi only logged these). */
export interface FlowIssue {
  flowId: string;
  flowName: string;
  version: number | 'draft';
  nodeId: string | null;
  nodeLabel: string | null;
  /** `name@version`, or null for flow-level problems (timeout). */
  plugin: string | null;
  code: string;
  message: string;
}

/** What one node execution did (one entry per message the node processed). */
export interface NodeTrace {
  id: string;
  label: string | null;
  plugin: string | null;
  /** `ok`; `failed` (stopped the flow); `handled` (failed, continued through its error port); `skipped` (never reached). */
  status: 'ok' | 'failed' | 'handled' | 'skipped';
  input: { port: string; edge: string | null; payload: unknown } | null;
  outputs: { port: string; payload: unknown }[];
  patches: PatchOp[];
  attempts: number;
  durationMs: number;
  cpuMs: number;
  logs: SandboxLog[];
  error: { code: string; kind: string; message: string } | null;
}

/** The outcome of one flow for one event. */
export interface FlowRun {
  flowId: string;
  version: number | 'draft';
  /** `ok` when the flow ended normally; `failed` when a node stopped it or it ran out of time (nothing applied). */
  status: 'ok' | 'failed';
  /** Patches of every node, in order; already applied to `docs` when status is ok. */
  patches: PatchOp[];
  /** The documents after the flow: patched when ok, the inputs unchanged when failed. */
  docs: FlowDocs;
  response: Record<string, unknown>;
  ux: unknown[];
  /** Requests sent out of the reserved `schedule` port (events to inject later); empty when the flow failed. */
  scheduled: ScheduleRequest[];
  errors: FlowIssue[];
  warnings: FlowIssue[];
  /** Edge ids that carried at least one message. */
  edges: string[];
  /** Per-node trace; filled only when the run was asked to trace. */
  nodes: NodeTrace[];
  durationMs: number;
}

/** Reserved output port: payloads sent out of it are deep-merged into the flow's `/track` response. */
export const RESPONSE_PORT = 'respond';
/** Reserved output port: payloads sent out of it (a widget or a list of widgets) are appended to `ux`. */
export const UX_PORT = 'ux';
/**
 * Reserved output port: payloads sent out of it ask the host to inject an event for the same profile and session
 * later (a `scheduled-event` job). Plugins never reach the queue; the host enqueues these after the request commits.
 */
export const SCHEDULE_PORT = 'schedule';

/** One payload a node sent out of the `schedule` port, with the node that sent it (checked by the scheduler). */
export interface ScheduleRequest {
  nodeId: string;
  plugin: string;
  payload: unknown;
}
