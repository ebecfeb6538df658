/**
 * The engine on flow threads. Plugin code runs in isolates either way; what moves is the work around it — entering
 * the isolate, copying documents in and results out, the engine's bookkeeping — which costs about as much again. On
 * the main thread that work competes with parsing requests, the pipeline and answering; on a flow thread it runs on
 * another core, and the main thread pays one message out and one back per flow run instead of a sandbox call per
 * node. Runs of one request still happen one after another (the pipeline awaits each), so ordering is unchanged.
 * Documents and results cross as JSON text, which is cheaper to make and read than a structured clone.
 *
 * The flow thread asks back for what only the main thread has: plugin packages from the catalog (verified there,
 * cached on the thread per version and dropped on every catalog change), `ctx.kv` through the store, and log lines.
 * A thread that dies fails the runs it had (as failed flow runs naming the reason) and is started again on next use.
 */
import { Worker } from 'node:worker_threads';
import type { PluginCatalog } from '../../plugins/index.ts';
import type { KvStore, SandboxLogger } from '../../sandbox/index.ts';
import type { Engine, FlowDocs, FlowRun, RunnableFlow } from '../engine/index.ts';
import type { RunOptions } from '../engine/engine.ts';
import { toWireError, type FlowThreadData, type FromFlowThread, type ToFlowThread, type WireError, type WireRun } from './protocol.ts';

/** What the flow threads need from the host. */
export interface ThreadEngineOptions {
  catalog: Pick<PluginCatalog, 'get' | 'subscribe'>;
  kv: KvStore;
  logger: SandboxLogger;
  /** Number of flow threads (at least 1); runs are spread over them in turn. */
  threads: number;
  flowTimeoutMs?: number;
  /** The thread's module (default `flow-thread.ts`); tests put a failing one in its place. */
  entry?: URL;
}

/** An engine whose runs happen on flow threads; `close` stops them once their runs have finished. */
export interface ThreadEngine extends Engine {
  /** Starts the threads now (a host that serves traffic), not on the first flow run. */
  warm(): void;
  close(): Promise<void>;
}

interface PendingRun {
  flow: RunnableFlow;
  docs: FlowDocs;
  options: RunOptions;
  resolve: (run: FlowRun) => void;
  resendGraph: boolean;
}

/** After a flow thread is lost, runs fail at once for this long before another thread is started. */
const RESTART_PAUSE_MS = 1000;

class FlowThread {
  readonly #opts: ThreadEngineOptions;
  #worker: Worker | null = null;
  #runs = new Map<number, PendingRun>();
  #known = new Set<string>();
  #nextId = 1;
  #closing = false;
  /** When and why the last thread was lost: a thread that cannot start is not started again for every request. */
  #lostAt = 0;
  #lostReason = '';

  constructor(opts: ThreadEngineOptions) {
    this.#opts = opts;
  }

  get busy(): number {
    return this.#runs.size;
  }

  #start(): Worker {
    const worker = new Worker(this.#opts.entry ?? new URL('./flow-thread.ts', import.meta.url), {
      workerData: { flowTimeoutMs: this.#opts.flowTimeoutMs } satisfies FlowThreadData,
    });
    worker.on('message', (m: FromFlowThread) => this.#onMessage(worker, m));
    worker.on('error', (err) => this.#lost(worker, `the flow thread failed: ${err.message}`));
    worker.on('exit', (code) => this.#lost(worker, `the flow thread exited (code ${code})`));
    // An idle thread must not keep a stopping process alive; one with runs in flight does (see #dispatch).
    worker.unref();
    this.#worker = worker;
    this.#known = new Set();
    return worker;
  }

  #lost(worker: Worker, reason: string): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    this.#lostAt = Date.now();
    this.#lostReason = reason;
    const runs = [...this.#runs.values()];
    this.#runs.clear();
    if (!this.#closing) this.#opts.logger.error({ runs: runs.length }, reason);
    for (const r of runs) r.resolve(failedRun(r.flow, r.docs, { code: 'flow_thread_failed', message: reason, status: 500, kind: 'unexpected' }));
  }

  #send(worker: Worker, message: ToFlowThread): void {
    worker.postMessage(message);
  }

  run(flow: RunnableFlow, docs: FlowDocs, options: RunOptions): Promise<FlowRun> {
    return new Promise<FlowRun>((resolve) => this.#dispatch({ flow, docs, options, resolve, resendGraph: false }));
  }

  #dispatch(pending: PendingRun): void {
    if (!this.#worker && Date.now() - this.#lostAt < RESTART_PAUSE_MS) {
      pending.resolve(failedRun(pending.flow, pending.docs, { code: 'flow_thread_failed', message: `${this.#lostReason}; restarting`, status: 500, kind: 'unexpected' }));
      return;
    }
    const worker = this.#worker ?? this.#start();
    const id = this.#nextId++;
    const key = `${pending.flow.id}:${pending.flow.version}`;
    const withGraph = pending.flow.version === 'draft' || pending.resendGraph || !this.#known.has(key);
    if (withGraph && pending.flow.version !== 'draft') this.#known.add(key);
    this.#runs.set(id, pending);
    if (this.#runs.size === 1) worker.ref();
    this.#send(worker, {
      type: 'run', id, docs: JSON.stringify(pending.docs), options: pending.options,
      flow: { id: pending.flow.id, version: pending.flow.version, ...(withGraph ? { graph: pending.flow.graph } : {}) },
    });
  }

  #onMessage(worker: Worker, m: FromFlowThread): void {
    switch (m.type) {
      case 'ready':
        return;
      case 'done': {
        const r = this.#take(worker, m.id);
        r?.resolve(fromWire(JSON.parse(m.run) as WireRun, r.docs));
        return;
      }
      case 'failed': {
        const r = this.#take(worker, m.id);
        if (!r) return;
        // The thread dropped the graph from its cache: send the run again, this time with it.
        if (m.error.code === 'flow_graph_unknown' && !r.resendGraph) this.#dispatch({ ...r, resendGraph: true });
        else r.resolve(failedRun(r.flow, r.docs, m.error));
        return;
      }
      case 'plugin':
        this.#answer(worker, m.id, this.#opts.catalog.get(m.name, m.version));
        return;
      case 'kv': {
        const kv = this.#opts.kv;
        const work = m.op === 'get' ? kv.get(m.namespace, m.key) : m.op === 'set' ? kv.set(m.namespace, m.key, m.value) : kv.delete(m.namespace, m.key);
        this.#answer(worker, m.id, Promise.resolve(work));
        return;
      }
      case 'log':
        this.#opts.logger[m.level](m.fields, m.message);
        return;
    }
  }

  /** The run `id` answered by the thread, no longer pending; an idle thread stops holding the process. */
  #take(worker: Worker, id: number): PendingRun | undefined {
    const r = this.#runs.get(id);
    if (!r) return undefined;
    this.#runs.delete(id);
    if (this.#runs.size === 0) worker.unref();
    return r;
  }

  #answer(worker: Worker, id: number, work: Promise<unknown>): void {
    work.then(
      (value) => { if (this.#worker === worker) this.#send(worker, { type: 'reply', id, ok: true, value: value ?? null }); },
      (err: unknown) => { if (this.#worker === worker) this.#send(worker, { type: 'reply', id, ok: false, error: toWire(err) }); },
    );
  }

  /** Starts the thread now rather than on the first run. */
  warm(): void {
    if (!this.#worker && !this.#closing) this.#start();
  }

  notify(message: ToFlowThread): void {
    if (this.#worker) this.#send(this.#worker, message);
  }

  async close(): Promise<void> {
    this.#closing = true;
    // Let runs in flight finish (a flow has its own time budget), then stop the thread.
    const deadline = Date.now() + 15_000;
    while (this.#runs.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }
}

/** A failed answer to the thread's question (a plugin package, a kv operation). */
const toWire = (err: unknown): WireError => toWireError(err, (message) => ({ code: 'plugin_load_failed', message, status: 500, kind: 'unexpected' }));

/** A run as the in-thread engine returns it: unchanged documents are the caller's own objects again. */
function fromWire(run: WireRun, input: FlowDocs): FlowRun {
  const docs: FlowDocs = {
    event: run.docs.event ?? input.event,
    profile: run.docs.profile === undefined ? input.profile : run.docs.profile,
    session: run.docs.session === undefined ? input.session : run.docs.session,
  };
  return { ...run, docs };
}

function failedRun(flow: RunnableFlow, docs: FlowDocs, error: WireError): FlowRun {
  const name = flow.graph.name;
  return {
    flowId: flow.id, version: flow.version, status: 'failed', patches: [], docs, response: {}, ux: [], scheduled: [],
    errors: [{
      flowId: flow.id, flowName: name, version: flow.version, nodeId: null, nodeLabel: null, plugin: null, code: error.code,
      message: `flow "${name}" (${flow.id} v${flow.version}): ${error.message}`,
    }],
    warnings: [], edges: [], nodes: [], durationMs: 0,
  };
}

/** Starts an engine whose flow runs happen on `threads` flow threads (started on first use). */
export function createThreadEngine(opts: ThreadEngineOptions): ThreadEngine {
  const threads = Array.from({ length: Math.max(1, opts.threads) }, () => new FlowThread(opts));
  let turn = 0;
  const unsubscribe = opts.catalog.subscribe((change) => { for (const t of threads) t.notify({ type: 'catalog', change }); });
  return {
    run(flow, docs, options = {}) {
      // The least busy thread, in turn among equals.
      let best = threads[turn++ % threads.length];
      for (const t of threads) if (t.busy < best.busy) best = t;
      return best.run(flow, docs, options);
    },
    forget() {
      for (const t of threads) t.notify({ type: 'forget' });
    },
    warm() {
      for (const t of threads) t.warm();
    },
    async close() {
      unsubscribe();
      await Promise.all(threads.map((t) => t.close()));
    },
  };
}
