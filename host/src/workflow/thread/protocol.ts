/**
 * Messages between the host's main thread and a flow thread (see thread-engine.ts). Everything here is structured-
 * cloned, so it holds data only.
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
