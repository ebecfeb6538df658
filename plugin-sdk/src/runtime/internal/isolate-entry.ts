import { readFileSync } from 'node:fs';
import ivm from 'isolated-vm';
import type { BridgeCall } from './bridge.ts';
import { libraryCode } from './library.ts';

// One closure body: the prelude's constants, then the hardening, then the per-call machinery (see prelude.js).
// Its arguments: $0 the host-operation callback, $1 the SDK library's code (library.ts).
const PRELUDE = readFileSync(new URL('./prelude.js', import.meta.url), 'utf8')
  .replace('// @@HARDEN@@', () => readFileSync(new URL('./prelude-harden.js', import.meta.url), 'utf8'));

/** The call an isolate is serving; host operations from any other call id are ignored. */
export interface ActiveCall {
  id: number;
  bridge: BridgeCall;
  deadline: number;
  /** Host operations started so far. */
  ops: number;
  /** Aborts the call's in-flight host operations when it ends. */
  abort?: AbortController;
}

/** One warm isolate with the prelude and one plugin's code installed. */
export interface IsolateEntry {
  isolate: ivm.Isolate;
  context: ivm.Context;
  callRef: ivm.Reference<(request: string, event: string | null, profile: string | null, session: string | null) => string>;
  settleRef: ivm.Reference<() => Promise<string>>;
  resolveRef: ivm.Reference<(callId: number, opId: number, ok: boolean, json: string) => void>;
  inspectRef: ivm.Reference<() => string>;
  active: ActiveCall | null;
  disposed: boolean;
  /** Set by the runtime: starts a host operation requested from inside the isolate. */
  onHostOp: (entry: IsolateEntry, callId: number, opId: number, op: string, argsJson: string) => void;
}

/**
 * The `timeout` to give isolated-vm for a call allowed `ms` milliseconds: at least `ms`, rounded up so the deadline
 * falls on a grid of a tenth of `ms` (at most 100 ms).
 *
 * Why: isolated-vm arms a timer for every call with a timeout, and a thread of its own wakes at each timer's deadline,
 * even when the call finished long before (it only then drops the timer). With deadlines spread evenly, that thread
 * wakes once or twice per call: measured here at about 3 µs of CPU per call on another core, some 15 µs per run of a
 * five-node flow. Deadlines on a grid expire together, so it wakes a few times per grid step instead (0.45 µs a call
 * at 100 ms). A runaway plugin is therefore stopped up to a tenth of its timeout late, never early.
 */
export function isolateTimeout(ms: number, now: number = performance.now()): number {
  const step = Math.min(100, Math.max(1, Math.round(ms / 10)));
  return Math.max(ms, Math.ceil(Math.ceil((now + ms) / step) * step - now));
}

/** Thrown when the plugin's bundle cannot be installed (syntax error, throws while parsing). */
export class PluginLoadError extends Error {}

/** Creates an isolate, runs the prelude (hardening the globals) and installs the plugin's bundle. */
export function createIsolateEntry(memoryMb: number, code: string, staticJson: string, onHostOp: IsolateEntry['onHostOp']): IsolateEntry {
  const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, memoryMb) });
  try {
    const context = isolate.createContextSync();
    const entry = { isolate, context, active: null, disposed: false, onHostOp } as unknown as IsolateEntry;
    const hostStart = new ivm.Callback((callId: number, opId: number, op: string, argsJson: string) => {
      // Defer: the isolate is mid-call (maybe inside applySync); the operation itself is async anyway.
      queueMicrotask(() => entry.onHostOp(entry, callId, opId, op, argsJson));
    });
    const api = context.evalClosureSync(PRELUDE, [hostStart, libraryCode()], { result: { reference: true }, timeout: 5000 }) as ivm.Reference<Record<string, unknown>>;
    entry.callRef = api.getSync('call', { reference: true }) as IsolateEntry['callRef'];
    entry.settleRef = api.getSync('settle', { reference: true }) as IsolateEntry['settleRef'];
    entry.resolveRef = api.getSync('resolve', { reference: true }) as IsolateEntry['resolveRef'];
    entry.inspectRef = api.getSync('inspect', { reference: true }) as IsolateEntry['inspectRef'];
    const install = api.getSync('install', { reference: true }) as ivm.Reference<(code: string, s: string) => void>;
    try {
      install.applySync(undefined, [code, staticJson], { timeout: 5000 });
    } catch (err) {
      throw new PluginLoadError(`the plugin bundle cannot be loaded: ${(err as Error).message}`);
    } finally {
      install.release();
      api.release();
    }
    return entry;
  } catch (err) {
    if (!isolate.isDisposed) isolate.dispose();
    throw err;
  }
}

/** Loads a bundle into a throw-away isolate and checks that it exports a plugin of `kind` (used by `build`). */
export function inspectBundle(code: string, kind: string): { ok: true } | { ok: false; message: string } {
  let entry: IsolateEntry | undefined;
  try {
    entry = createIsolateEntry(32, code, JSON.stringify({ name: 'inspect', kind, outputs: [], maxResultBytes: 0, perms: { consent: [], resources: [] } }), () => {});
    const out = JSON.parse(entry.inspectRef.applySync(undefined, [], { timeout: 2000 })) as { ok: boolean; message?: string };
    return out.ok ? { ok: true } : { ok: false, message: out.message ?? 'invalid bundle' };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  } finally {
    if (entry) disposeEntry(entry);
  }
}

/** Disposes an isolate once; later references to it fail. */
export function disposeEntry(entry: IsolateEntry): void {
  if (entry.disposed) return;
  entry.disposed = true;
  entry.active = null;
  try { if (!entry.isolate.isDisposed) entry.isolate.dispose(); } catch { /* already gone */ }
}
