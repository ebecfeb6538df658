import type { FlowEdge, FlowNode } from '../../flow.schema.ts';
import { topologicalOrder } from '../../internal/graph.ts';
import type { RunnableFlow } from '../types.ts';

/** A flow prepared once per version: nodes in execution order and out-edges grouped by node and port. */
export interface CompiledFlow {
  flow: RunnableFlow;
  start: FlowNode;
  /** Plugin nodes in topological order (the start node excluded). */
  order: FlowNode[];
  /** `nodeId` → `port` → edges leaving that port. */
  out: Map<string, Map<string, FlowEdge[]>>;
}

/** Prepares a graph for running; throws when it has no single start node or has a cycle (never saved like that). */
export function compileFlow(flow: RunnableFlow): CompiledFlow {
  const { nodes, edges } = flow.graph;
  const starts = nodes.filter((n) => n.type === 'start');
  if (starts.length !== 1) throw new Error(`flow ${flow.id} has ${starts.length} start nodes`);
  const { order, cyclic } = topologicalOrder(nodes, edges);
  if (cyclic.length > 0) throw new Error(`flow ${flow.id} has a cycle through ${cyclic.join(', ')}`);
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const out = new Map<string, Map<string, FlowEdge[]>>();
  for (const e of edges) {
    if (!byId.has(e.source) || !byId.has(e.target)) continue;
    let ports = out.get(e.source);
    if (!ports) out.set(e.source, (ports = new Map()));
    const list = ports.get(e.sourcePort) ?? [];
    list.push(e);
    ports.set(e.sourcePort, list);
  }
  return {
    flow,
    start: starts[0],
    order: order.map((id) => byId.get(id)!).filter((n) => n.type === 'plugin'),
    out,
  };
}
