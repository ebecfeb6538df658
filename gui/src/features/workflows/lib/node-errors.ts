import type { FlowNode } from '../../../api/index.ts';
import { detailList, normalisePath } from '../../../lib/field-errors.ts';

/** Validation messages of a flow, sorted by where they belong. */
export interface FlowProblems {
  /** `nodeId → { configFieldPath → message }`; the empty path holds messages about the node itself. */
  byNode: Record<string, Record<string, string>>;
  /** Messages about the flow as a whole (no start node, a cycle, …). */
  general: string[];
}

/**
 * Sorts the `details` of a 422 from `PUT /api/flows/{id}` (`{ fields: [{ path: 'nodes.2.config.url', node, message }] }`)
 * into per-node, per-field messages. Paths into the body (`nodes.2…`, or JSON pointers) are resolved through the
 * node list when the item does not name its node.
 */
export function flowProblems(details: unknown, nodes: readonly FlowNode[]): FlowProblems {
  const out: FlowProblems = { byNode: {}, general: [] };
  const list = detailList(details) ?? [];
  const put = (nodeId: string, field: string, message: string) => {
    const bucket = (out.byNode[nodeId] ??= {});
    if (!(field in bucket)) bucket[field] = message;
  };
  for (const raw of list) {
    if (!raw || typeof raw !== 'object') continue;
    const item = raw as Record<string, unknown>;
    const message = typeof item.message === 'string' ? item.message : null;
    if (!message) continue;
    let nodeId = typeof item.nodeId === 'string' ? item.nodeId : typeof item.node === 'string' ? item.node : null;
    let field = normalisePath(String(item.path ?? item.field ?? item.instancePath ?? ''));
    const m = /^nodes\.(\d+)(?:\.(.*))?$/.exec(field);
    if (m) {
      nodeId ??= nodes[Number(m[1])]?.id ?? null;
      field = m[2] ?? '';
    }
    field = field.replace(/^config\.?/, '');
    if (nodeId) put(nodeId, field, message);
    else out.general.push(field ? `${field}: ${message}` : message);
  }
  return out;
}

/** How many messages a node has. */
export function problemCount(problems: FlowProblems, nodeId: string): number {
  return Object.keys(problems.byNode[nodeId] ?? {}).length;
}
