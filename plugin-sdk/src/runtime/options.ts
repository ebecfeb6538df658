import type { KvStore, MailTransport, SandboxLogger } from './types.ts';
import type { LookupFunction } from 'node:net';

/** How the runtime is set up; the host fills this from its configuration. */
export interface RuntimeOptions {
  /** Upper bound for any call's timeout, whatever the manifest asks (default 5000 ms). */
  maxTimeoutMs?: number;
  /** Upper bound for any isolate's memory limit (default 128 MB). */
  maxMemoryMb?: number;
  /** Warm isolates kept per plugin@version (default 2). */
  isolatesPerPlugin?: number;
  /** Isolates over all plugins; least recently used pools are dropped beyond it (default 64). */
  maxIsolates?: number;
  /**
   * Time a call should stay under on the fast (synchronous) path; a plugin version that exceeds it three times, or
   * 25-fold once, is moved to off-thread calls for good (default 10 ms).
   */
  syncBudgetMs?: number;
  /** Biggest serialised result (results + patches + logs) a call may return (default 1 MiB). */
  maxResultBytes?: number;
  /** Private/loopback/link-local IPs or CIDRs plugins may still reach (`['*']` = all); default none (SSRF guard). */
  allowPrivateAddresses?: string[];
  /** Where `ctx.kv` keeps data; default an in-memory store. */
  kv?: KvStore;
  /** Transport for `ctx.mail`; without it `ctx.mail.send` fails with `mail_not_configured`. */
  mail?: MailTransport;
  /** Receives plugin log lines and sandbox events. */
  logger?: SandboxLogger;
  fetch?: {
    /** Whole-request time cap including redirects (default 10 000 ms). */
    timeoutMs?: number;
    /** Response body cap (default 1 MiB). */
    maxResponseBytes?: number;
    /** Request body cap (default 1 MiB). */
    maxRequestBytes?: number;
    /** Redirects followed (each one re-checked) before failing (default 5). */
    maxRedirects?: number;
    /** DNS lookup used instead of the system resolver (tests use it to map names to chosen addresses). */
    lookup?: LookupFunction;
  };
}

/** RuntimeOptions with every default filled in. */
export type ResolvedRuntimeOptions = Required<Omit<RuntimeOptions, 'mail' | 'logger' | 'fetch' | 'kv'>> & Pick<RuntimeOptions, 'mail' | 'logger' | 'kv'> & {
  fetch: Required<Omit<NonNullable<RuntimeOptions['fetch']>, 'lookup'>> & Pick<NonNullable<RuntimeOptions['fetch']>, 'lookup'>;
};

/** Fills in defaults. */
export function resolveOptions(options: RuntimeOptions = {}): ResolvedRuntimeOptions {
  return {
    maxTimeoutMs: options.maxTimeoutMs ?? 5000,
    maxMemoryMb: options.maxMemoryMb ?? 128,
    isolatesPerPlugin: Math.max(1, options.isolatesPerPlugin ?? 2),
    maxIsolates: Math.max(1, options.maxIsolates ?? 64),
    maxResultBytes: options.maxResultBytes ?? 1024 * 1024,
    syncBudgetMs: options.syncBudgetMs ?? 10,
    allowPrivateAddresses: options.allowPrivateAddresses ?? [],
    kv: options.kv,
    mail: options.mail,
    logger: options.logger,
    fetch: {
      timeoutMs: options.fetch?.timeoutMs ?? 10_000,
      maxResponseBytes: options.fetch?.maxResponseBytes ?? 1024 * 1024,
      maxRequestBytes: options.fetch?.maxRequestBytes ?? 1024 * 1024,
      maxRedirects: options.fetch?.maxRedirects ?? 5,
      lookup: options.fetch?.lookup,
    },
  };
}
