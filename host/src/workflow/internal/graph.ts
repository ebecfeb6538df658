import type { FlowEdge, FlowNode } from '../flow.schema.ts';

/** Kahn's algorithm; returns the order, or the ids of nodes left on a cycle. Ties keep the nodes' array order. */
export function topologicalOrder(nodes: readonly FlowNode[], edges: readonly FlowEdge[]): { order: string[]; cyclic: string[] } {
  const indegree = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  const out = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const e of edges) {
    if (!indegree.has(e.source) || !indegree.has(e.target)) continue;
    indegree.set(e.target, indegree.get(e.target)! + 1);
    out.get(e.source)!.push(e.target);
  }
  const ready = nodes.filter((n) => indegree.get(n.id) === 0).map((n) => n.id);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const t of out.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  const cyclic = nodes.filter((n) => indegree.get(n.id)! > 0).map((n) => n.id);
  return { order, cyclic };
}

/** Ids of nodes reachable from `startId` by following edges. */
export function reachableFrom(startId: string, edges: readonly FlowEdge[]): Set<string> {
  const seen = new Set<string>([startId]);
  const stack = [startId];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const e of edges) {
      if (e.source === id && !seen.has(e.target)) {
        seen.add(e.target);
        stack.push(e.target);
      }
    }
  }
  return seen;
}
