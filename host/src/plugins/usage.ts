/**
 * Which flows use which plugin versions, read from the workflow model's `flows` (drafts) and `flow-versions`
 * (immutable published graphs). A flow "runs" a version when its live (published) graph has a node pinned to it.
 */
import type { Page, Store } from '../storage/index.ts';

/** The parts of the workflow model this module reads (see host/src/workflow/flow.schema.ts). */
interface FlowDoc {
  id: string;
  name: string;
  nodes: Array<{ id: string; type: string; plugin?: { name: string; version: string } }>;
  publishedVersion: number | null;
  disabled?: { reason: string; at: string; by: string; previousPublishedVersion: number | null } | null;
}
interface FlowVersionDoc {
  id: string;
  flowId: string;
  version: number;
  graph: { nodes: FlowDoc['nodes'] };
}

/** One flow's use of one plugin version. */
export interface FlowUsage {
  flowId: string;
  flowName: string;
  /** Node ids pinned to the version in the live published graph (empty when only the draft uses it). */
  liveNodes: string[];
  /** Node ids pinned to the version in the draft. */
  draftNodes: string[];
  publishedVersion: number | null;
}

/** `name@version` → flows using it (live or in their draft). */
export async function pluginUsage(store: Store): Promise<Map<string, FlowUsage[]>> {
  const flows = await all<FlowDoc>(store, 'flows');
  const versions = store.config<FlowVersionDoc>('flow-versions');
  const usage = new Map<string, FlowUsage[]>();
  for (const flow of flows) {
    const live = flow.publishedVersion === null ? null : await versions.get(`${flow.id}:${flow.publishedVersion}`);
    const perPlugin = new Map<string, FlowUsage>();
    const at = (ref: string) => {
      let u = perPlugin.get(ref);
      if (!u) perPlugin.set(ref, u = { flowId: flow.id, flowName: flow.name, liveNodes: [], draftNodes: [], publishedVersion: flow.publishedVersion });
      return u;
    };
    for (const n of live?.graph.nodes ?? []) if (n.plugin) at(`${n.plugin.name}@${n.plugin.version}`).liveNodes.push(n.id);
    for (const n of flow.nodes ?? []) if (n.plugin) at(`${n.plugin.name}@${n.plugin.version}`).draftNodes.push(n.id);
    for (const [ref, u] of perPlugin) usage.set(ref, [...(usage.get(ref) ?? []), u]);
  }
  return usage;
}

/**
 * Stops live traffic of a flow by unpublishing it, keeping the reason on the flow document (`disabled`) so the API and
 * the GUI can show why; republishing the flow brings it back.
 * This writes the store only; when the workflow engine runs, `connectWorkflow` (flow-hooks.ts) wraps it to drop the
 * flow from the live cache and announce the change to the other hosts.
 */
export async function disableFlow(store: Store, flowId: string, reason: string, by: string): Promise<void> {
  const flows = store.config<FlowDoc & Record<string, unknown>>('flows');
  const flow = await flows.get(flowId);
  if (!flow) return;
  await flows.put({
    ...flow, publishedVersion: null, updatedAt: new Date().toISOString(),
    disabled: { reason, at: new Date().toISOString(), by, previousPublishedVersion: flow.publishedVersion },
  });
}

/** The parts of a stored destination this module reads and writes (see host/src/destinations/destination.schema.ts). */
interface DestinationDoc {
  id: string;
  name: string;
  plugin: { name: string; version: string };
  enabled: boolean;
  disabledReason?: string | null;
}

/** One enabled destination sending through a plugin version. */
export interface DestinationUsage {
  destinationId: string;
  destinationName: string;
}

/** `name@version` → enabled destinations running it. */
export async function destinationUsage(store: Store): Promise<Map<string, DestinationUsage[]>> {
  const usage = new Map<string, DestinationUsage[]>();
  for (const d of await all<DestinationDoc>(store, 'destinations')) {
    if (!d.enabled || !d.plugin) continue;
    const ref = `${d.plugin.name}@${d.plugin.version}`;
    usage.set(ref, [...(usage.get(ref) ?? []), { destinationId: d.id, destinationName: d.name }]);
  }
  return usage;
}

/** Stops a destination (nothing more is dispatched to it) and keeps the visible reason on it (`disabledReason`). */
export async function disableDestination(store: Store, destinationId: string, reason: string): Promise<void> {
  const destinations = store.config<DestinationDoc & Record<string, unknown>>('destinations');
  const d = await destinations.get(destinationId);
  if (!d) return;
  await destinations.put({ ...d, enabled: false, disabledReason: reason, updatedAt: new Date().toISOString() });
}

async function all<T extends { id: string }>(store: Store, kind: 'flows' | 'destinations'): Promise<T[]> {
  const col = store.config<T>(kind);
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await col.search({ limit: 1000, cursor });
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}
