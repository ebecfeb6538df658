/**
 * Flows and their versions. The draft is what administrators edit (`PUT`); publishing freezes the draft into an
 * immutable numbered version and points live traffic at it; rollback republishes an old version as a new number, so
 * the history only ever grows and every version that ever ran stays inspectable.
 */
import { randomUUID } from 'node:crypto';
import type { Page, Query, Store } from '../storage/index.ts';
import { userError } from '../errors/index.ts';
import { diffGraphs, type FlowDiff } from './diff.ts';
import type { Flow, FlowGraph, FlowInput, FlowVersion, FlowVersionSummary } from './flow.schema.ts';
import { invalidFlowError, validateFlow, type FlowProblem, type PluginLookup } from './validate.ts';

/** Options of {@link createFlowService}. */
export interface FlowServiceOptions {
  store: Store;
  plugins: PluginLookup;
  now?: () => Date;
}

/** Management operations on flows and versions; the engine reads `live` and `graphOf`. */
export type FlowService = ReturnType<typeof createFlowService>;

/** Creates the flow service over the store's `flows` and `flow-versions` collections. */
export function createFlowService(opts: FlowServiceOptions) {
  const flows = opts.store.config<Flow>('flows');
  const versions = opts.store.config<FlowVersion>('flow-versions');
  const now = () => (opts.now ? opts.now() : new Date()).toISOString();
  const listeners = new Set<(flowId: string) => void>();
  // Publishing reads latestVersion then writes it back; serialise per flow so two publishes get two numbers.
  const locks = new Map<string, Promise<unknown>>();

  function locked<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = locks.get(id) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.catch(() => undefined);
    locks.set(id, tail);
    void tail.then(() => { if (locks.get(id) === tail) locks.delete(id); });
    return run;
  }

  function changed(id: string): void {
    for (const l of listeners) l(id);
  }

  async function mustGet(id: string): Promise<Flow> {
    const flow = await flows.get(id);
    if (!flow) throw userError('flow_not_found', `No flow '${id}'`, 404, { id });
    return flow;
  }

  async function checked(input: FlowInput): Promise<FlowProblem[]> {
    const { problems, warnings } = await validateFlow(input, opts.plugins);
    if (problems.length > 0) throw invalidFlowError(problems);
    return warnings;
  }

  function graphOf(flow: Flow): FlowGraph {
    const g: FlowGraph = { name: flow.name, description: flow.description, nodes: flow.nodes, edges: flow.edges };
    if (flow.timeoutMs !== undefined) g.timeoutMs = flow.timeoutMs;
    return g;
  }

  async function getVersion(id: string, version: number): Promise<FlowVersion> {
    const v = await versions.get(`${id}:${version}`);
    if (!v) throw userError('flow_version_not_found', `Flow '${id}' has no version ${version}`, 404, { id, version });
    return v;
  }

  async function publishGraph(id: string, graph: FlowGraph, note: string, by: string | null, rollbackOf?: number): Promise<FlowVersion> {
    const flow = await mustGet(id);
    const version = flow.latestVersion + 1;
    const record: FlowVersion = { id: `${id}:${version}`, flowId: id, version, note, publishedAt: now(), publishedBy: by, graph: structuredClone(graph) };
    if (rollbackOf !== undefined) record.rollbackOf = rollbackOf;
    await versions.put(record);
    await flows.put({ ...flow, publishedVersion: version, latestVersion: version, updatedAt: now(), disabled: null });
    changed(id);
    return record;
  }

  return {
    /** Calls `listener(flowId)` whenever a flow's live version changes or the flow is deleted. */
    onChange(listener: (flowId: string) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    /** A page of flows, newest first. */
    async list(query: Query = {}): Promise<Page<Flow>> {
      return flows.search({ sort: [{ field: 'updatedAt', order: 'desc' }], ...query });
    },

    /** One flow (its draft), or a 404. */
    get: mustGet,

    /** Validates and stores a new flow (draft only; nothing runs until it is published). */
    async create(input: FlowInput): Promise<{ flow: Flow; warnings: FlowProblem[] }> {
      const warnings = await checked(input);
      const at = now();
      const flow: Flow = {
        id: randomUUID(), name: input.name, description: input.description ?? '', nodes: input.nodes, edges: input.edges,
        publishedVersion: null, latestVersion: 0, createdAt: at, updatedAt: at,
      };
      if (input.timeoutMs !== undefined) flow.timeoutMs = input.timeoutMs;
      await flows.put(flow);
      return { flow, warnings };
    },

    /** Validates and replaces the draft. Live traffic keeps running the published version. */
    async update(id: string, input: FlowInput): Promise<{ flow: Flow; warnings: FlowProblem[] }> {
      const existing = await mustGet(id);
      const warnings = await checked(input);
      const flow: Flow = {
        ...existing, name: input.name, description: input.description ?? '', nodes: input.nodes, edges: input.edges, updatedAt: now(),
      };
      delete flow.timeoutMs;
      if (input.timeoutMs !== undefined) flow.timeoutMs = input.timeoutMs;
      await flows.put(flow);
      return { flow, warnings };
    },

    /** Deletes a flow and its versions; refuses while rules still point at it. */
    async remove(id: string, rulesUsing: (flowId: string) => Promise<string[]>): Promise<void> {
      await mustGet(id);
      const rules = await rulesUsing(id);
      if (rules.length > 0) {
        throw userError('flow_in_use', `Flow '${id}' is used by rule(s) ${rules.join(', ')}; delete or repoint them first`, 409, { rules });
      }
      let cursor: string | null = null;
      do {
        const page: Page<FlowVersion> = await versions.search({ filters: [{ field: 'flowId', op: 'eq', value: id }], limit: 1000, cursor });
        for (const v of page.items) await versions.delete(v.id);
        cursor = page.next;
      } while (cursor);
      await flows.delete(id);
      changed(id);
    },

    /** Freezes the current draft (re-validated against what is installed now) into a new version and makes it live. */
    publish(id: string, note: string, by: string | null = null): Promise<FlowVersion> {
      return locked(id, async () => {
        const flow = await mustGet(id);
        await checked({ name: flow.name, description: flow.description, nodes: flow.nodes, edges: flow.edges, timeoutMs: flow.timeoutMs });
        return publishGraph(id, graphOf(flow), note, by);
      });
    },

    /** Republishes an old version's graph as a new version; the draft is left as it is. */
    rollback(id: string, version: number, note: string | undefined, by: string | null = null): Promise<FlowVersion> {
      return locked(id, async () => {
        const old = await getVersion(id, version);
        await checked({ ...old.graph });
        return publishGraph(id, old.graph, note ?? `Rollback to version ${version}`, by, version);
      });
    },

    /** Versions of a flow, newest first, without their graphs. */
    async versions(id: string): Promise<FlowVersionSummary[]> {
      await mustGet(id);
      const out: FlowVersionSummary[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<FlowVersion> = await versions.search({ filters: [{ field: 'flowId', op: 'eq', value: id }], limit: 1000, cursor });
        for (const { graph: _graph, ...summary } of page.items) out.push(summary);
        cursor = page.next;
      } while (cursor);
      return out.sort((a, b) => b.version - a.version);
    },

    /** One version with its graph. */
    version: getVersion,

    /** The graph of a version number, or of the draft for `'draft'`. */
    async graph(id: string, which: number | 'draft'): Promise<FlowGraph> {
      if (which === 'draft') return graphOf(await mustGet(id));
      return (await getVersion(id, which)).graph;
    },

    /** Diff between two versions (or a version and the draft). */
    async diff(id: string, from: number | 'draft', to: number | 'draft'): Promise<FlowDiff> {
      const [a, b] = await Promise.all([this.graph(id, from), this.graph(id, to)]);
      return diffGraphs(a, b);
    },

    /** The version live traffic runs, or null when the flow does not exist or was never published. */
    async live(id: string): Promise<FlowVersion | null> {
      const flow = await flows.get(id);
      if (!flow || flow.publishedVersion === null) return null;
      return versions.get(`${id}:${flow.publishedVersion}`);
    },
  };
}
