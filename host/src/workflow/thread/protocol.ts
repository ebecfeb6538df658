/**
 * Messages between the host's main thread and a flow thread (see thread-engine.ts). Every message is structured-
 * cloned, so it holds data only; errors cross as {@link WireError}.
 */
import type { CatalogChange, LoadedPlugin } from '../../plugins/index.ts';
import type { FlowDocs, FlowRun, RunnableFlow } from '../engine/index.ts';
import type { RunOptions } from '../engine/engine.ts';

/** Settings the flow thread builds its engine and sandbox from. */
export interface FlowThreadData {
  flowTimeoutMs?: number;
}

/** A flow to run: the graph travels once per published version, then only its key. */
export interface RunRequest {
  type: 'run';
  id: number;
  flow: { id: string; version: RunnableFlow['version']; graph?: RunnableFlow['graph'] };
  /** The documents as JSON text: cheaper to make and read than a structured clone of the objects. */
  docs: string;
  options: RunOptions;
}

/** A flow run as it comes back (as JSON text): documents that did not change stay on the main thread. */
export interface WireRun extends Omit<FlowRun, 'docs'> {
  docs: Partial<FlowDocs>;
}

/** An error as data: a Tessera error's fields survive the copy, so it is recognised again on the other side. */
export interface WireError {
  code: string;
  message: string;
  status: number;
  kind: 'user' | 'operational' | 'unexpected';
}

/**
 * `err` as a {@link WireError}: a Tessera error keeps its code, message, status and kind; anything else becomes
 * `fallback(message)`, where each side says what such a failure means there.
 */
export function toWireError(err: unknown, fallback: (message: string) => WireError): WireError {
  const e = err as Partial<WireError> | undefined;
  if (e && typeof e.code === 'string' && typeof e.message === 'string' && typeof e.status === 'number'
    && (e.kind === 'user' || e.kind === 'operational' || e.kind === 'unexpected')) {
    return { code: e.code, message: e.message, status: e.status, kind: e.kind };
  }
  return fallback(String((err as Error)?.message ?? err));
}

/** Main thread → flow thread. */
export type ToFlowThread =
  | RunRequest
  | { type: 'catalog'; change: CatalogChange }
  | { type: 'forget' }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError };

/** Flow thread → main thread. */
export type FromFlowThread =
  | { type: 'ready' }
  | { type: 'done'; id: number; run: string }
  | { type: 'failed'; id: number; error: WireError }
  | { type: 'plugin'; id: number; name: string; version: string }
  | { type: 'kv'; id: number; op: 'get' | 'set' | 'delete'; namespace: string; key: string; value?: unknown }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string };

/** What the flow thread receives for a `plugin` request. */
export type PluginReply = LoadedPlugin;
