import type { TestRunResult, TraceNode } from '../../../api/index.ts';

/** How a node looks on the canvas after a test run. */
export type NodeRunState = 'ok' | 'handled' | 'error' | 'skipped' | 'running' | 'idle';

/** Normalises the engine's status words to the canvas' few colours. */
export function runState(status: string | undefined): NodeRunState {
  switch ((status ?? '').toLowerCase()) {
    case 'ok': case 'success': case 'succeeded': case 'completed': case 'done': return 'ok';
    case 'handled': return 'handled';
    case 'error': case 'failed': case 'failure': case 'timeout': return 'error';
    case 'skipped': case 'not-run': case 'dead': return 'skipped';
    case 'running': return 'running';
    default: return 'idle';
  }
}

/** The colour of a run state, shared by the node border and the trace list. */
export const RUN_COLOURS: Record<NodeRunState, string> = {
  ok: '#18a058', handled: '#f0a020', error: '#d03050', skipped: '#9ca3af', running: '#2080f0', idle: '#d1d5db',
};

/** Run state per node id; nodes the trace never reached are `skipped` (they were on a dead branch). */
export function nodeStates(result: Pick<TestRunResult, 'nodes'> | null, nodeIds: readonly string[]): Record<string, NodeRunState> {
  const out: Record<string, NodeRunState> = {};
  if (!result) return out;
  const byId = new Map<string, Pick<TraceNode, 'status'>[]>();
  for (const n of result.nodes) byId.set(n.id, [...(byId.get(n.id) ?? []), n]);
  for (const id of nodeIds) {
    const runs = byId.get(id);
    if (!runs) out[id] = 'skipped';
    else out[id] = runs.some((r) => runState(r.status) === 'error') ? 'error' : runState(runs[runs.length - 1]!.status);
  }
  return out;
}

/** The ids of edges the run went along. */
export function takenEdges(result: Pick<TestRunResult, 'edges'> | null): Set<string> {
  return new Set(result?.edges ?? []);
}

/** A one-line reason for a failed node, from whatever error shape the engine gave. */
export function errorText(error: unknown): string | null {
  if (error === null || error === undefined || error === false) return null;
  if (typeof error === 'string') return error;
  if (typeof error === 'object') {
    const e = error as Record<string, unknown>;
    const msg = typeof e.message === 'string' ? e.message : JSON.stringify(error);
    return typeof e.code === 'string' ? `${e.code}: ${msg}` : msg;
  }
  return String(error);
}

/** A log entry as text: the engine may give strings or `{level, message}` objects. */
export function logLine(entry: unknown): { level: string; text: string } {
  if (typeof entry === 'string') return { level: 'info', text: entry };
  if (entry && typeof entry === 'object') {
    const e = entry as Record<string, unknown>;
    const text = typeof e.message === 'string' ? e.message : typeof e.msg === 'string' ? e.msg : JSON.stringify(e.args ?? e);
    return { level: typeof e.level === 'string' ? e.level : 'info', text };
  }
  return { level: 'info', text: String(entry) };
}
