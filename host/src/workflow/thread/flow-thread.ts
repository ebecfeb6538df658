/**
 * Entry of a flow thread: an engine and a sandbox of its own, fed flow runs by the main thread (thread-engine.ts).
 * What lives on the main thread is reached by messages: plugin packages from the catalog (loaded and verified there,
 * then cached here per version), `ctx.kv` through the store, and log lines through the host's logger.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CatalogChange, LoadedPlugin } from '../../plugins/index.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { createEngine, type FlowDocs, type RunnableFlow } from '../engine/index.ts';
import { toWireError, type FlowThreadData, type FromFlowThread, type RunRequest, type ToFlowThread, type WireError, type WireRun } from './protocol.ts';

const port = parentPort!;
const data = workerData as FlowThreadData;
const post = (message: FromFlowThread) => port.postMessage(message);

// Requests to the main thread and their answers.
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
let nextId = 1;
type Question = { type: 'plugin'; name: string; version: string } | { type: 'kv'; op: 'get' | 'set' | 'delete'; namespace: string; key: string; value?: unknown };
function ask<T>(message: Question): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    post({ ...message, id } as FromFlowThread);
  });
}

const listeners = new Set<(change: CatalogChange) => void>();
const catalog = {
  get: (name: string, version: string) => ask<LoadedPlugin>({ type: 'plugin', name, version }),
  subscribe(listener: (change: CatalogChange) => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

const kv = {
  get: (namespace: string, key: string) => ask<unknown>({ type: 'kv', op: 'get', namespace, key }),
  set: async (namespace: string, key: string, value: unknown) => { await ask({ type: 'kv', op: 'set', namespace, key, value }); },
  delete: async (namespace: string, key: string) => { await ask({ type: 'kv', op: 'delete', namespace, key }); },
};

function logLine(level: 'info' | 'warn' | 'error') {
  return (obj: object, msg?: string) => {
    const fields: Record<string, unknown> = { ...(obj as Record<string, unknown>) };
    if (fields.err instanceof Error) fields.err = { message: fields.err.message, name: fields.err.name };
    post({ type: 'log', level, fields, message: msg ?? '' });
  };
}

const sandbox = createSandbox({ kv, logger: { info: logLine('info'), warn: logLine('warn'), error: logLine('error') } });
const engine = createEngine({ sandbox, catalog, defaultFlowTimeoutMs: data.flowTimeoutMs });

// Graphs of published versions (immutable), so a run of a known version carries only its key.
const graphs = new Map<string, RunnableFlow['graph']>();
const GRAPH_CACHE = 500;

const wireError = (err: unknown): WireError => toWireError(err, (message) => (
  { code: 'flow_thread_failed', message: `the flow thread failed: ${message}`, status: 500, kind: 'unexpected' }
));

async function run(request: RunRequest): Promise<void> {
  const key = `${request.flow.id}:${request.flow.version}`;
  let graph = request.flow.graph;
  if (graph && request.flow.version !== 'draft') {
    if (graphs.size >= GRAPH_CACHE) graphs.delete(graphs.keys().next().value as string);
    graphs.set(key, graph);
  }
  graph ??= graphs.get(key);
  if (!graph) {
    post({ type: 'failed', id: request.id, error: { code: 'flow_graph_unknown', message: `flow ${key} is not known to this thread`, status: 500, kind: 'unexpected' } });
    return;
  }
  const input = JSON.parse(request.docs) as FlowDocs;
  try {
    const out = await engine.run({ id: request.flow.id, version: request.flow.version, graph }, input, request.options);
    // Unchanged documents are not sent back: the main thread keeps its own objects (and knows nothing changed).
    const docs: Partial<FlowDocs> = {};
    if (out.docs.event !== input.event) docs.event = out.docs.event;
    if (out.docs.profile !== input.profile) docs.profile = out.docs.profile;
    if (out.docs.session !== input.session) docs.session = out.docs.session;
    post({ type: 'done', id: request.id, run: JSON.stringify({ ...out, docs } satisfies WireRun) });
  } catch (err) {
    post({ type: 'failed', id: request.id, error: wireError(err) });
  }
}

port.on('message', (message: ToFlowThread) => {
  switch (message.type) {
    case 'run':
      void run(message);
      return;
    case 'reply': {
      const w = waiting.get(message.id);
      if (!w) return;
      waiting.delete(message.id);
      if (message.ok) w.resolve(message.value);
      else w.reject(message.error);
      return;
    }
    case 'catalog':
      for (const listener of listeners) listener(message.change);
      return;
    case 'forget':
      engine.forget();
      graphs.clear();
      return;
  }
});

post({ type: 'ready' });
