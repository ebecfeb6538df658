import type { FlowEdge, FlowGraph, FlowNode } from './flow.schema.ts';

/** What changed between two graphs, by node and edge id. */
export interface FlowDiff {
  /** Top-level fields that differ (`name`, `description`, `timeoutMs`). */
  meta: string[];
  nodes: { added: FlowNode[]; removed: FlowNode[]; changed: { id: string; fields: string[]; before: FlowNode; after: FlowNode }[] };
  edges: { added: FlowEdge[]; removed: FlowEdge[]; changed: { id: string; fields: string[] }[] };
}

const NODE_FIELDS = ['type', 'plugin', 'config', 'label', 'onError', 'timeoutMs', 'position'] as const;
const EDGE_FIELDS = ['source', 'sourcePort', 'target', 'targetPort'] as const;

/** Structural diff of two flow graphs. */
export function diffGraphs(a: FlowGraph, b: FlowGraph): FlowDiff {
  const meta = (['name', 'description', 'timeoutMs'] as const).filter((k) => !same(a[k], b[k]));
  return { meta, nodes: diffById(a.nodes, b.nodes, NODE_FIELDS, true), edges: diffById(a.edges, b.edges, EDGE_FIELDS, false) as FlowDiff['edges'] };
}

function diffById<T extends { id: string }>(before: T[], after: T[], fields: readonly (keyof T)[], keepDocs: boolean) {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  const changed: { id: string; fields: string[]; before?: T; after?: T }[] = [];
  for (const [id, x] of now) {
    const y = old.get(id);
    if (!y) continue;
    const diff = fields.filter((f) => !same(x[f], y[f])).map(String);
    if (diff.length > 0) changed.push(keepDocs ? { id, fields: diff, before: y, after: x } : { id, fields: diff });
  }
  return {
    added: after.filter((x) => !old.has(x.id)),
    removed: before.filter((x) => !now.has(x.id)),
    changed,
  } as { added: T[]; removed: T[]; changed: { id: string; fields: string[]; before: T; after: T }[] };
}

/** Deep equality of JSON values, ignoring key order. */
export function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
