/**
 * The workflow engine. One flow run, for one event:
 * - nodes run in topological order; a node runs once per message waiting on its input ports (so a join runs once
 *   per arriving branch), its results go out of the named ports to every connected edge, and a node that returns
 *   nothing ends its branch (downstream nodes that receive no message are `skipped`);
 * - every call goes through the sandbox (timeout, memory, permissions); a node's patches are applied to working
 *   copies at once, so later nodes read what earlier nodes wrote, but they become the flow's result only when the
 *   flow ends normally — a flow that stops on an error or runs out of time changes nothing (all or nothing);
 * - error policies: `stop` (default) ends the flow as failed; `continue` sends `{error, input}` out of the node's
 *   `error` port and carries on (reported as a warning); `retry` retries operational errors (dependency down,
 *   fetch timeout) `retries` times with exponential backoff, then stops;
 * - a per-node timeout (the plugin's own limit caps it) and a per-flow budget bound the run.
 */
import { Compile } from 'typebox/compile';
import type { LoadedPlugin, PluginCatalog } from '../../plugins/index.ts';
import { applyPatches, cloneData, createDocCache, type DocCache, type PatchOp, type Sandbox, type SandboxResult } from '../../sandbox/index.ts';
import { isTesseraError } from '../../errors/index.ts';
import { UxWidget } from '../../tracker/ux.schema.ts';
import { ERROR_PORT, START_PORT, type FlowNode } from '../flow.schema.ts';
import { compileFlow, type CompiledFlow } from './internal/compile.ts';
import { deepMerge, isPlain } from './internal/merge.ts';
import { RESPONSE_PORT, SCHEDULE_PORT, UX_PORT, type FlowDocs, type FlowIssue, type FlowRun, type NodeTrace, type RunnableFlow, type ScheduleRequest } from './types.ts';

/** What the engine needs. */
export interface EngineOptions {
  sandbox: Sandbox;
  catalog: Pick<PluginCatalog, 'get' | 'subscribe'>;
  /** Budget of one flow run when the flow sets none (default 10 000 ms). */
  defaultFlowTimeoutMs?: number;
  /** Backoff before the first retry when a node sets none (default 100 ms). */
  defaultBackoffMs?: number;
}

/** Options of one run. */
export interface RunOptions {
  /** Record the per-node trace (test runs, debugging). */
  trace?: boolean;
}

interface Message {
  port: string;
  payload: unknown;
  edge: string | null;
}

const uxCheck = Compile(UxWidget);

/** The workflow engine; create once per process. */
export type Engine = ReturnType<typeof createEngine>;

/** Creates the engine. */
export function createEngine(opts: EngineOptions) {
  const packages = new Map<string, Promise<LoadedPlugin>>();
  const compiled = new Map<string, CompiledFlow>();
  opts.catalog.subscribe((change) => packages.delete(`${change.name}@${change.version}`));

  // Loaded packages by plugin@version, so that a node of a warm flow reaches the sandbox without waiting a turn.
  const loaded = new Map<string, LoadedPlugin>();
  opts.catalog.subscribe((change) => loaded.delete(`${change.name}@${change.version}`));

  function pluginPackage(name: string, version: string): LoadedPlugin | Promise<LoadedPlugin> {
    const key = `${name}@${version}`;
    const ready = loaded.get(key);
    if (ready) return ready;
    let p = packages.get(key);
    if (!p) {
      // Loading verifies the package's integrity (about a millisecond), so it is done once per version, not per call.
      p = opts.catalog.get(name, version);
      packages.set(key, p);
      p.then((pkg) => { if (packages.get(key) === p) loaded.set(key, pkg); }, () => packages.delete(key));
    }
    return p;
  }

  function prepare(flow: RunnableFlow): CompiledFlow {
    if (flow.version === 'draft') return compileFlow(flow);
    const key = `${flow.id}:${flow.version}`;
    let c = compiled.get(key);
    if (!c) {
      c = compileFlow(flow);
      if (compiled.size >= 500) compiled.delete(compiled.keys().next().value as string);
      compiled.set(key, c);
    }
    return c;
  }

  async function callNode(node: FlowNode, msg: Message, docs: FlowDocs, docCache: DocCache, flowId: string, deadline: number): Promise<{ result: SandboxResult; attempts: number }> {
    const policy = node.onError?.policy ?? 'stop';
    const attempts = policy === 'retry' ? 1 + (node.onError?.retries ?? 3) : 1;
    let backoff = node.onError?.backoffMs ?? opts.defaultBackoffMs ?? 100;
    let result: SandboxResult;
    let pkg: LoadedPlugin;
    try {
      const got = pluginPackage(node.plugin!.name, node.plugin!.version);
      pkg = got instanceof Promise ? await got : got;
    } catch (err) {
      const e = isTesseraError(err) ? err : { code: 'plugin_load_failed', message: String((err as Error)?.message ?? err), kind: 'user' as const };
      return { result: { results: [], patches: [], logs: [], durationMs: 0, cpuMs: 0, error: { code: e.code, message: e.message, kind: e.kind } }, attempts: 1 };
    }
    if (pkg.manifest.kind === 'destination') {
      // Saving refuses these; a graph published before that check still must not run one inside a request.
      const message = `plugin ${pkg.name}@${pkg.version} is of kind destination and cannot run as a flow node`;
      return { result: { results: [], patches: [], logs: [], durationMs: 0, cpuMs: 0, error: { code: 'plugin_kind_mismatch', message, kind: 'user' } }, attempts: 1 };
    }
    for (let attempt = 1; ; attempt++) {
      const remaining = deadline - performance.now();
      result = await opts.sandbox.run({
        plugin: { name: pkg.name, version: pkg.version, manifest: pkg.manifest, code: pkg.code, integrity: pkg.integrity },
        config: node.config ?? {},
        input: { port: msg.port, payload: msg.payload },
        event: docs.event, profile: docs.profile, session: docs.session,
        trace: { flowId, nodeId: node.id }, docCache,
        timeoutMs: Math.max(1, Math.floor(Math.min(node.timeoutMs ?? Infinity, remaining))),
      });
      if (!result.error || result.error.kind !== 'operational' || attempt >= attempts) return { result, attempts: attempt };
      if (performance.now() + backoff >= deadline) return { result, attempts: attempt };
      await new Promise((r) => setTimeout(r, backoff));
      backoff *= 2;
    }
  }

  async function run(flow: RunnableFlow, input: FlowDocs, runOpts: RunOptions = {}): Promise<FlowRun> {
    const t0 = performance.now();
    const c = prepare(flow);
    const name = flow.graph.name;
    const budget = flow.graph.timeoutMs ?? opts.defaultFlowTimeoutMs ?? 10_000;
    const deadline = t0 + budget;
    const trace = runOpts.trace === true;
    const nodes: NodeTrace[] = [];
    const edges = new Set<string>();
    const errors: FlowIssue[] = [];
    const warnings: FlowIssue[] = [];
    const patches: PatchOp[] = [];
    const response: Record<string, unknown> = {};
    const ux: unknown[] = [];
    const scheduled: ScheduleRequest[] = [];
    const queues = new Map<string, Message[]>();
    let docs: FlowDocs = input;
    // Documents are replaced by patches, never edited, so nodes reading the same version share one serialisation.
    const docCache = createDocCache();
    let failed = false;

    const issue = (node: FlowNode | null, code: string, message: string): FlowIssue => ({
      flowId: flow.id, flowName: name, version: flow.version, nodeId: node?.id ?? null, nodeLabel: node?.label ?? null,
      plugin: node?.plugin ? `${node.plugin.name}@${node.plugin.version}` : null, code,
      message: `flow "${name}" (${flow.id} v${flow.version})${node ? `, node ${node.id}${node.label ? ` "${node.label}"` : ''}` : ''}`
        + `${node?.plugin ? `, plugin ${node.plugin.name}@${node.plugin.version}` : ''}: ${message}`,
    });

    const emit = (node: FlowNode, port: string, payload: unknown) => {
      if (port === RESPONSE_PORT && node.type === 'plugin') {
        if (isPlain(payload)) deepMerge(response, payload);
        else warnings.push(issue(node, 'invalid_response', 'the response is not an object; ignored'));
      }
      if (port === UX_PORT && node.type === 'plugin') {
        for (const w of Array.isArray(payload) ? payload : [payload]) {
          if (uxCheck.Check(w)) ux.push(w);
          else warnings.push(issue(node, 'invalid_ux', 'a ux item is not a valid widget (popup, consent-bar or cta); dropped'));
        }
      }
      if (port === SCHEDULE_PORT && node.type === 'plugin') {
        scheduled.push({ nodeId: node.id, plugin: `${node.plugin!.name}@${node.plugin!.version}`, payload });
      }
      for (const e of c.out.get(node.id)?.get(port) ?? []) {
        edges.add(e.id);
        const q = queues.get(e.target) ?? [];
        q.push({ port: e.targetPort, payload, edge: e.id });
        queues.set(e.target, q);
      }
    };

    const startPayload = cloneData(isPlain(input.event.properties) ? input.event.properties : {});
    if (trace) nodes.push(traceOf(c.start, 'ok', null, [{ port: START_PORT, payload: startPayload }]));
    emit(c.start, START_PORT, startPayload);

    outer: for (const node of c.order) {
      const inbox = queues.get(node.id);
      if (!inbox || inbox.length === 0) {
        if (trace) nodes.push(traceOf(node, 'skipped', null, []));
        continue;
      }
      for (const msg of inbox) {
        if (performance.now() >= deadline) {
          errors.push(issue(node, 'flow_timeout', `the flow ran out of its ${budget} ms budget before this node`));
          failed = true;
          break outer;
        }
        const { result, attempts } = await callNode(node, msg, docs, docCache, flow.id, deadline);
        let error = result.error ? { code: result.error.code, kind: result.error.kind, message: result.error.message } : null;
        if (!error && result.patches.length > 0) {
          const missing = result.patches.find((p) => docs[p.target] === null);
          if (missing) error = { code: `no_${missing.target}`, kind: 'user', message: `cannot patch the ${missing.target}: this event has none` };
          else {
            try {
              const next = applyPatches({ event: docs.event, profile: docs.profile ?? undefined, session: docs.session ?? undefined }, result.patches);
              docs = { event: next.event ?? docs.event, profile: next.profile ?? null, session: next.session ?? null };
              patches.push(...result.patches);
            } catch (e) {
              error = { code: 'invalid_patch', kind: 'user', message: (e as Error).message };
            }
          }
        }
        const base = { attempts, durationMs: result.durationMs, cpuMs: result.cpuMs, logs: result.logs };
        if (error) {
          const retried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
          if (node.onError?.policy === 'continue') {
            warnings.push(issue(node, error.code, `${error.message}${retried}; continued through the error port`));
            const payload = { error: { code: error.code, message: error.message }, input: msg.payload };
            if (trace) nodes.push({ ...traceOf(node, 'handled', msg, [{ port: ERROR_PORT, payload }]), ...base, error });
            emit(node, ERROR_PORT, payload);
            continue;
          }
          errors.push(issue(node, error.code, `${error.message}${retried}`));
          if (trace) nodes.push({ ...traceOf(node, 'failed', msg, []), ...base, error });
          failed = true;
          break outer;
        }
        for (const log of result.logs) {
          if (log.level === 'warn') warnings.push(issue(node, 'plugin_warning', log.message));
          if (log.level === 'error') errors.push(issue(node, 'plugin_logged_error', log.message));
        }
        if (trace) nodes.push({ ...traceOf(node, 'ok', msg, result.results), ...base, patches: result.patches });
        for (const r of result.results) emit(node, r.port, r.payload);
      }
    }

    return {
      flowId: flow.id, version: flow.version, status: failed ? 'failed' : 'ok',
      patches: failed ? [] : patches, docs: failed ? input : docs,
      response: failed ? {} : response, ux: failed ? [] : ux, scheduled: failed ? [] : scheduled,
      errors, warnings, edges: [...edges], nodes, durationMs: performance.now() - t0,
    };
  }

  return {
    /** Runs one flow for one event. Never throws for plugin failures: they come back in `errors`. */
    run,
    /** Drops cached plugin code (tests, administrative reloads). */
    forget(): void {
      packages.clear();
      loaded.clear();
      compiled.clear();
    },
  };
}

function traceOf(node: FlowNode, status: NodeTrace['status'], msg: Message | null, outputs: { port: string; payload: unknown }[]): NodeTrace {
  return {
    id: node.id, label: node.label ?? null, plugin: node.plugin ? `${node.plugin.name}@${node.plugin.version}` : null, status,
    input: msg ? { port: msg.port, edge: msg.edge, payload: msg.payload } : null,
    outputs, patches: [], attempts: msg ? 1 : 0, durationMs: 0, cpuMs: 0, logs: [], error: null,
  };
}
