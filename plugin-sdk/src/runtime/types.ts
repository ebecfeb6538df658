import type { Manifest } from '../manifest/manifest.types.ts';
import type { PatchOp } from '../patches/patch.types.ts';
import type { DocCache } from './internal/call-io.ts';

/** The plugin to run: its manifest and the bundled code (one JS file, no imports). */
export interface PluginPackage {
  name: string;
  version: string;
  /** The `"tessera"` block; validated (and defaulted) by the runtime once per plugin@version. */
  manifest: Manifest | Record<string, unknown>;
  code: string;
  /** Identity of `code` (e.g. the tarball's sha512 SRI); a new value replaces the pooled isolates. */
  integrity?: string;
}

/** One invocation of a plugin node. */
export interface SandboxCall {
  plugin: PluginPackage;
  /** The node's configuration (validated with defaults by the engine; the runtime applies defaults again). */
  config: Record<string, unknown> | undefined;
  input: { port: string; payload: unknown };
  event?: Record<string, unknown> | null;
  profile?: Record<string, unknown> | null;
  session?: Record<string, unknown> | null;
  /** Credentials the host resolved for this node; only those in `permissions.resources` reach the plugin. */
  resources?: Record<string, unknown>;
  trace?: { flowId?: string; nodeId?: string };
  /** Lower than the manifest's timeout, never higher than the host's cap. */
  timeoutMs?: number;
  /** Shares the JSON of unchanged documents between calls (see `createDocCache`); the documents must not be edited meanwhile. */
  docCache?: DocCache;
}

/** A log line written by the plugin. */
export interface SandboxLog {
  level: 'info' | 'warn' | 'error';
  message: string;
  at: string;
}

/** Error kinds, as in the host's error factory: user (not retried), operational (retryable), unexpected. */
export type SandboxErrorKind = 'user' | 'operational' | 'unexpected';

/** Why a call failed; `code` is stable (see `SANDBOX_ERROR_CODES`). */
export interface SandboxError {
  code: string;
  message: string;
  kind: SandboxErrorKind;
  details?: Record<string, unknown>;
}

/** Everything one call produced. On error, `results` and `patches` are empty (nothing half-applied). */
export interface SandboxResult {
  results: Array<{ port: string; payload: unknown }>;
  patches: PatchOp[];
  logs: SandboxLog[];
  error?: SandboxError;
  durationMs: number;
  cpuMs: number;
}

/** Pool counters for health pages and tests. */
export interface SandboxStats {
  /** Plugin versions with a pool. */
  plugins: number;
  /** Live isolates over all pools. */
  isolates: number;
  /** Isolates disposed after a limit was hit (timeout, memory) and rebuilt on demand. */
  rebuilt: number;
  calls: number;
  /** Plugin versions demoted to off-thread calls after holding the host thread longer than the sync budget. */
  offThread: number;
}

/** Key-value storage the `kv` capability is kept in; the namespace is chosen by the host, never by the plugin. */
export interface KvStore {
  get(namespace: string, key: string): Promise<unknown | undefined> | unknown | undefined;
  set(namespace: string, key: string, value: unknown): Promise<void> | void;
  delete(namespace: string, key: string): Promise<void> | void;
}

/** Sends mail for `ctx.mail`; absent when the host has no transport configured. */
export type MailTransport = (message: { to: string[]; subject: string; text?: string; html?: string; from?: string }, meta: { plugin: string }) => Promise<void>;

/** Minimal pino-compatible logger. */
export interface SandboxLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
