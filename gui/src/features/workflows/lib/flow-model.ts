import type { Flow, FlowEdge, FlowNode, InstalledPlugin } from '../../../api/index.ts';
import { defaultsOf } from '../../../lib/schema-form.ts';

/** `name@version`, the key under which a flow pins a plugin. */
export function pluginKey(p: { name: string; version: string }): string {
  return `${p.name}@${p.version}`;
}

/** Splits `name@version`, scoped names included (`@scope/name@1.0.0`). */
export function parsePluginKey(key: string): { name: string; version: string } | null {
  const at = key.lastIndexOf('@');
  if (at <= 0) return null;
  return { name: key.slice(0, at), version: key.slice(at + 1) };
}

/** A node id not used in `nodes`, readable (`if-2`) rather than random, so traces and errors are easy to follow. */
export function newNodeId(nodes: readonly FlowNode[], base: string): string {
  const stem = base.replace(/^@[^/]+\//, '').replace(/^plugin-/, '').replace(/[^a-z0-9-]/gi, '-').toLowerCase() || 'node';
  const used = new Set(nodes.map((n) => n.id));
  for (let i = 1; ; i++) if (!used.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** A new flow holding only its start node. */
export function emptyFlowBody(name: string, description = ''): Pick<Flow, 'name' | 'description' | 'nodes' | 'edges'> {
  return { name, description, nodes: [{ id: 'start', type: 'start', config: {}, position: { x: 60, y: 160 } }], edges: [] };
}

/** A plugin node placed at `position`, its config filled with the schema's defaults. */
export function pluginNode(nodes: readonly FlowNode[], plugin: InstalledPlugin, position: { x: number; y: number }): FlowNode {
  return {
    id: newNodeId(nodes, plugin.name),
    type: 'plugin',
    plugin: { name: plugin.name, version: plugin.version },
    config: defaultsOf(plugin.manifest.config ?? {}) as Record<string, unknown>,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  };
}

/** Where to drop a node added from the keyboard: right of the right-most node. */
export function nextFreePosition(nodes: readonly FlowNode[]): { x: number; y: number } {
  if (nodes.length === 0) return { x: 60, y: 160 };
  const at = (n: FlowNode) => n.position ?? { x: 0, y: 0 };
  const right = nodes.reduce((a, b) => (at(b).x > at(a).x ? b : a));
  return { x: at(right).x + 260, y: at(right).y };
}

/** Why an edge cannot be added, or null when it can. Mirrors the API's checks so mistakes show while drawing. */
export function edgeProblem(flow: Pick<Flow, 'nodes' | 'edges'>, edge: Omit<FlowEdge, 'id'>): string | null {
  if (edge.source === edge.target) return 'A node cannot connect to itself';
  const target = flow.nodes.find((n) => n.id === edge.target);
  if (!target) return 'Unknown target node';
  if (target.type === 'start') return 'Nothing can flow into the start node';
  if (flow.edges.some((e) => e.source === edge.source && e.sourcePort === edge.sourcePort && e.target === edge.target && e.targetPort === edge.targetPort)) {
    return 'These ports are already connected';
  }
  if (reaches(flow.edges, edge.target, edge.source)) return 'This connection would create a loop';
  return null;
}

/** True when `to` can be reached from `from` along `edges`. */
export function reaches(edges: readonly Pick<FlowEdge, 'source' | 'target'>[], from: string, to: string): boolean {
  const seen = new Set<string>();
  const stack = [from];
  while (stack.length) {
    const id = stack.pop()!;
    if (id === to) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of edges) if (e.source === id) stack.push(e.target);
  }
  return false;
}

/** An edge id derived from its ends, stable across saves; only characters the flow schema allows in ids. */
export function edgeId(e: Omit<FlowEdge, 'id'>): string {
  return `${e.source}.${e.sourcePort}:${e.target}.${e.targetPort}`.replace(/[^A-Za-z0-9_.:-]/g, '_');
}

/** The flow without `nodeIds` and every edge touching them. The start node is never removed. */
export function removeNodes<T extends Pick<Flow, 'nodes' | 'edges'>>(flow: T, nodeIds: readonly string[]): T {
  const gone = new Set(nodeIds.filter((id) => flow.nodes.find((n) => n.id === id)?.type !== 'start'));
  return {
    ...flow,
    nodes: flow.nodes.filter((n) => !gone.has(n.id)),
    edges: flow.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target)),
  };
}

/** The part of a flow that the draft endpoint stores; used both to save and to tell whether there are unsaved edits. */
export function draftBody(flow: Pick<Flow, 'name' | 'description' | 'nodes' | 'edges'>): Pick<Flow, 'name' | 'description' | 'nodes' | 'edges'> {
  return { name: flow.name, description: flow.description ?? '', nodes: flow.nodes, edges: flow.edges };
}
