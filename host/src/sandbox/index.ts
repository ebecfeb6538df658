/**
 * The host's sandbox: the SDK's isolate runtime (`@tessera/plugin-sdk/runtime`) composed with host policy —
 * timeout and memory caps, the SSRF allowlist from the environment, the kv store, mail transport and logger.
 * The workflow engine calls `sandbox.run(call)` for every plugin node.
 */
import type { LookupFunction } from 'node:net';
import { createRuntime } from '@tessera/plugin-sdk/runtime';
import type { KvStore, MailTransport, SandboxLogger, SandboxStats, SandboxCall, SandboxResult } from '@tessera/plugin-sdk/runtime';

export type {
  SandboxCall, SandboxResult, SandboxError, SandboxLog, SandboxStats, KvStore, MailTransport, SandboxLogger, PluginPackage, DocCache,
} from '@tessera/plugin-sdk/runtime';
export type { PatchOp, PatchTarget } from '@tessera/plugin-sdk';
export { applyPatches, cloneData, PatchError } from '@tessera/plugin-sdk';
export { createMemoryKvStore, createDocCache } from '@tessera/plugin-sdk/runtime';

/** Host policy for the sandbox. Every field is optional; defaults are safe. */
export interface SandboxOptions {
  /** Cap on any call's timeout (default env `SANDBOX_MAX_TIMEOUT_MS` or 5000). */
  maxTimeoutMs?: number;
  /** Cap on any isolate's memory (default env `SANDBOX_MAX_MEMORY_MB` or 128). */
  maxMemoryMb?: number;
  /** Warm isolates per plugin@version (default 2). */
  isolatesPerPlugin?: number;
  /** Isolates over all plugins (default 64). */
  maxIsolates?: number;
  /** Per-call time (ms) on the host thread a plugin should stay under; repeat offenders run off-thread (default 10). */
  syncBudgetMs?: number;
  /**
   * Private addresses (IPs or CIDRs, `*` for all) plugins may fetch despite the SSRF guard. Default: env
   * `SANDBOX_ALLOW_PRIVATE_HOSTS` (comma separated), else none.
   */
  allowPrivateAddresses?: string[];
  /** Storage for `ctx.kv` (the storage port's adapter); default in memory, lost on restart. */
  kv?: KvStore;
  /** Mail transport for `ctx.mail`; without one, plugins get `mail_not_configured`. */
  mail?: MailTransport;
  /** pino (or compatible) logger for plugin log lines. */
  logger?: SandboxLogger;
  /** Fetch caps: `timeoutMs` (10 000), `maxResponseBytes` (1 MiB), `maxRedirects` (5); `lookup` replaces system DNS. */
  fetch?: { timeoutMs?: number; maxResponseBytes?: number; maxRedirects?: number; lookup?: LookupFunction };
  /** Environment to read defaults from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
}

/** The sandbox the engine runs plugin nodes in. */
export interface Sandbox {
  /** Runs one plugin call; never throws for plugin failures — they come back as `result.error`. */
  run(call: SandboxCall): Promise<SandboxResult>;
  /** Pool counters. */
  stats(): SandboxStats;
  /** Disposes every isolate; later calls fail with `sandbox_closed`. */
  close(): Promise<void>;
}

function envNumber(value: string | undefined): number | undefined {
  const n = value === undefined || value === '' ? NaN : Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** Parses `SANDBOX_ALLOW_PRIVATE_HOSTS` (`127.0.0.1,10.0.0.0/8` or `*`). */
export function parseAllowPrivate(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/** Creates the host's sandbox. */
export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const env = options.env ?? process.env;
  const runtime = createRuntime({
    maxTimeoutMs: options.maxTimeoutMs ?? envNumber(env.SANDBOX_MAX_TIMEOUT_MS) ?? 5000,
    maxMemoryMb: options.maxMemoryMb ?? envNumber(env.SANDBOX_MAX_MEMORY_MB) ?? 128,
    isolatesPerPlugin: options.isolatesPerPlugin,
    maxIsolates: options.maxIsolates,
    syncBudgetMs: options.syncBudgetMs,
    allowPrivateAddresses: options.allowPrivateAddresses ?? parseAllowPrivate(env.SANDBOX_ALLOW_PRIVATE_HOSTS),
    kv: options.kv,
    mail: options.mail,
    logger: options.logger,
    fetch: options.fetch,
  });
  return {
    run: (call) => runtime.run(call),
    stats: () => runtime.stats(),
    close: () => runtime.close(),
  };
}
