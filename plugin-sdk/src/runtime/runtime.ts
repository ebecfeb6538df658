import { performance } from 'node:perf_hooks';
import { formatFieldErrors, validateManifest } from '../manifest/validate-manifest.ts';
import { validateConfig } from '../manifest/validate-config.ts';
import type { Manifest } from '../manifest/manifest.types.ts';
import { HostOpError, sandboxError } from './errors.ts';
import { privateAllowMatcher } from './fetch/address.ts';
import type { FetchPolicy } from './fetch/safe-fetch.ts';
import { createMemoryKvStore } from './kv-memory.ts';
import { resolveOptions } from './options.ts';
import type { RuntimeOptions } from './options.ts';
import { runHostOp } from './internal/bridge.ts';
import { ASYNC_MARKER, buildRequest, parseOutput } from './internal/call-io.ts';
import { isolateTimeout, PluginLoadError } from './internal/isolate-entry.ts';
import type { ActiveCall, IsolateEntry } from './internal/isolate-entry.ts';
import { createPool, dropEntry, growPool, retirePool } from './internal/pool.ts';
import type { PluginPool } from './internal/pool.ts';
import type { PluginPackage, SandboxCall, SandboxError, SandboxResult, SandboxStats } from './types.ts';
import type { ValidConfig } from './internal/call-io.ts';

/** The isolate runtime: the one wrapper all plugin code runs through. */
export interface Runtime {
  /** Runs one call; plugin failures come back as `result.error`, never as a rejection. */
  run(call: SandboxCall): Promise<SandboxResult>;
  stats(): SandboxStats;
  close(): Promise<void>;
}

/** Host operations one call may start (the in-isolate limit is 100; the host ignores anything beyond this). */
const MAX_HOST_OPS_PER_CALL = 100;

class CallFailure extends Error {
  readonly error: SandboxError;
  constructor(error: SandboxError) {
    super(error.message);
    this.error = error;
  }
}

/** Creates the runtime; the host wraps it in `createSandbox`, the SDK's harness uses it directly. */
export function createRuntime(options: RuntimeOptions = {}): Runtime {
  const opts = resolveOptions(options);
  const kv = opts.kv ?? createMemoryKvStore();
  const privateAllowed = privateAllowMatcher(opts.allowPrivateAddresses);
  const pools = new Map<string, PluginPool>();
  const counters = { rebuilt: 0, calls: 0 };
  let nextCallId = 1;
  let closed = false;

  function totalIsolates(): number {
    let n = 0;
    for (const p of pools.values()) n += p.all.size;
    return n;
  }

  /** Frees an idle isolate of the least recently used other pool when the global cap is reached. */
  function makeRoom(except: PluginPool): void {
    if (totalIsolates() < opts.maxIsolates) return;
    const candidates = [...pools.values()].filter((p) => p !== except && p.idle.length > 0).sort((a, b) => a.lastUsed - b.lastUsed);
    const victim = candidates[0];
    if (victim) dropEntry(victim, victim.idle[0]);
    if (victim && victim.all.size === 0) pools.delete(victim.key);
  }

  function poolFor(plugin: PluginPackage): PluginPool {
    const key = `${plugin.name}@${plugin.version}`;
    const identity = plugin.integrity ?? plugin.code;
    const existing = pools.get(key);
    if (existing && existing.identity === identity) return existing;
    if (typeof plugin.code !== 'string' || plugin.code.length === 0) throw new CallFailure(sandboxError('plugin_load_failed', `${key}: no bundled code`));
    const checked = validateManifest(plugin.manifest);
    if (!checked.ok) {
      const onlyVersion = checked.errors.every((e) => e.path === 'apiVersion');
      throw new CallFailure(sandboxError(onlyVersion ? 'unsupported_api_version' : 'invalid_manifest', `${key}: invalid manifest:\n${formatFieldErrors(checked.errors)}`, { errors: checked.errors }));
    }
    if (existing) {
      pools.delete(key);
      retirePool(existing, new CallFailure(sandboxError('plugin_load_failed', `${key} was replaced by new code`)));
    }
    const memoryMb = Math.min(checked.manifest.limits.memoryMb, opts.maxMemoryMb);
    const pool = createPool(key, identity, checked.manifest, plugin.code, plugin.name, memoryMb, opts.maxResultBytes);
    pools.set(key, pool);
    return pool;
  }

  /** The node's validated configuration (defaults applied) and its JSON, once per config object. */
  function configFor(pool: PluginPool, config: SandboxCall['config']): ValidConfig {
    const cacheKey = (config && typeof config === 'object' ? config : pool) as object;
    let value = pool.configs.get(cacheKey) as ValidConfig | CallFailure | undefined;
    if (!value) {
      const v = validateConfig(pool.manifest, config);
      value = v.valid
        ? { value: v.value, json: JSON.stringify(v.value) }
        : new CallFailure(sandboxError('invalid_config', `invalid node configuration: ${formatFieldErrors(v.errors)}`, { errors: v.errors }));
      pool.configs.set(cacheKey, value);
    }
    if (value instanceof CallFailure) throw value;
    return value;
  }

  function acquire(pool: PluginPool): IsolateEntry | Promise<IsolateEntry> {
    const idle = pool.idle.pop();
    if (idle) return idle;
    if (pool.all.size < Math.max(1, opts.isolatesPerPlugin)) {
      makeRoom(pool);
      return growPool(pool, onHostOp);
    }
    return new Promise((resolve, reject) => pool.waiters.push({ resolve, reject }));
  }

  function release(pool: PluginPool, entry: IsolateEntry): void {
    entry.active = null;
    if (entry.disposed || pool.retired) {
      dropEntry(pool, entry);
      const waiter = pool.waiters.shift();
      if (waiter) {
        try { waiter.resolve(growPool(pool, onHostOp)); } catch (err) { waiter.reject(err); }
      }
      return;
    }
    const waiter = pool.waiters.shift();
    if (waiter) waiter.resolve(entry); else pool.idle.push(entry);
  }

  function onHostOp(entry: IsolateEntry, callId: number, opId: number, op: string, argsJson: string): void {
    const active = entry.active;
    if (!active || active.id !== callId) return;
    // The prelude already caps operations per call; this is the host's own check, independent of isolate code.
    if (++active.ops > MAX_HOST_OPS_PER_CALL) return;
    // Created on the first host operation only: most calls never make one, and the call's end aborts what is left.
    active.abort ??= new AbortController();
    active.bridge.signal = active.abort.signal;
    let args: Record<string, unknown>;
    try { args = JSON.parse(argsJson) ?? {}; } catch { args = {}; }
    runHostOp(op, args, active.bridge).then(
      (value) => [true, value] as const,
      (err: unknown) => {
        if (err instanceof HostOpError) return [false, { code: err.code, message: err.message }] as const;
        opts.logger?.error({ err, plugin: active.bridge.pluginName, op }, 'sandbox host operation failed');
        return [false, { code: 'sandbox_internal', message: `ctx.${op} failed inside the host` }] as const;
      },
    ).then(([ok, value]) => {
      if (entry.disposed || entry.active?.id !== callId) return;
      const remaining = Math.max(1, active.deadline - performance.now());
      entry.resolveRef.apply(undefined, [callId, opId, ok, JSON.stringify(value ?? null)], { timeout: Math.ceil(remaining) })
        .catch(() => { /* a timeout here also fails settle(); the call reports it */ });
    });
  }

  /** Maps an exception escaping the isolate: limits dispose the isolate (it is rebuilt on demand). */
  function isolateFailure(entry: IsolateEntry, pool: PluginPool, err: unknown, timeoutMs: number): SandboxError {
    const message = err instanceof Error ? err.message : String(err);
    if (closed) return sandboxError('sandbox_closed', 'the sandbox was closed during the call');
    const memory = /memory limit/i.test(message) || (entry.isolate.isDisposed && !/timed out/i.test(message));
    const timeout = /timed out/i.test(message);
    if (timeout) pool.offThread = true;
    if (memory || timeout || entry.isolate.isDisposed) {
      dropEntry(pool, entry);
      counters.rebuilt++;
    }
    if (memory) return sandboxError('plugin_memory_limit', `the plugin exceeded its memory limit of ${pool.memoryMb} MB`);
    if (timeout) return sandboxError('plugin_timeout', `the plugin ran longer than its timeout of ${timeoutMs} ms`);
    return sandboxError('sandbox_internal', `the sandbox failed: ${message}`);
  }

  async function settleAsync(entry: IsolateEntry, pool: PluginPool, deadline: number, timeoutMs: number): Promise<string> {
    const remaining = Math.max(1, Math.ceil(deadline - performance.now()));
    let timer: NodeJS.Timeout | undefined;
    const wall = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Waiting on host operations does not count as isolate execution, so the wall clock is enforced here.
        dropEntry(pool, entry);
        counters.rebuilt++;
        reject(new CallFailure(sandboxError('plugin_timeout', `the plugin did not finish within its timeout of ${timeoutMs} ms`)));
      }, remaining + 5);
    });
    try {
      return (await Promise.race([entry.settleRef.apply(undefined, [], { result: { promise: true }, timeout: remaining }), wall])) as string;
    } finally {
      clearTimeout(timer);
    }
  }

  function finish(started: number, cpuMs: number, partial: Partial<SandboxResult>, call: SandboxCall): SandboxResult {
    const result: SandboxResult = {
      results: partial.results ?? [], patches: partial.patches ?? [], logs: partial.logs ?? [],
      ...(partial.error ? { error: partial.error } : {}),
      durationMs: performance.now() - started, cpuMs,
    };
    const logger = opts.logger;
    if (logger && (result.logs.length > 0 || result.error)) {
      const meta = { plugin: `${call.plugin?.name}@${call.plugin?.version}`, flowId: call.trace?.flowId, nodeId: call.trace?.nodeId };
      for (const l of result.logs) logger[l.level]({ ...meta, at: l.at }, l.message);
      if (result.error) logger.warn({ ...meta, code: result.error.code }, `plugin call failed: ${result.error.message}`);
    }
    return result;
  }

  async function run(call: SandboxCall): Promise<SandboxResult> {
    const started = performance.now();
    counters.calls++;
    if (closed) return finish(started, 0, { error: sandboxError('sandbox_closed', 'the sandbox is closed') }, call);
    let pool: PluginPool;
    let manifest: Manifest;
    let config: ValidConfig;
    let entry: IsolateEntry;
    try {
      pool = poolFor(call.plugin);
      manifest = pool.manifest;
      if (!call.input || !manifest.inputs.includes(call.input.port)) {
        throw new CallFailure(sandboxError('invalid_input', `input port "${call.input?.port}" is not in the manifest's inputs (${manifest.inputs.join(', ')})`));
      }
      config = configFor(pool, call.config);
      const got = acquire(pool);
      entry = got instanceof Promise ? await got : got;
    } catch (err) {
      if (err instanceof CallFailure) return finish(started, 0, { error: err.error }, call);
      if (err instanceof PluginLoadError) return finish(started, 0, { error: sandboxError('plugin_load_failed', err.message) }, call);
      return finish(started, 0, { error: sandboxError('sandbox_internal', `the sandbox failed: ${(err as Error).message}`) }, call);
    }
    pool.lastUsed = Date.now();
    const timeoutMs = Math.max(1, Math.min(call.timeoutMs ?? manifest.limits.timeoutMs, manifest.limits.timeoutMs, opts.maxTimeoutMs));
    const id = nextCallId++;
    // The clock starts when the plugin does: waiting for an isolate or building a cold one is not the plugin's time.
    const deadline = performance.now() + timeoutMs;
    const active: ActiveCall = entry.active = {
      id, deadline, ops: 0,
      bridge: {
        pluginName: call.plugin.name, manifest, profileId: typeof call.profile?.id === 'string' ? call.profile.id : undefined,
        signal: undefined, fetchPolicy: pool.fetchPolicy ??= fetchPolicy(manifest), kv, mail: opts.mail,
      },
    };
    const cpu0 = entry.isolate.cpuTime;
    let output: unknown;
    let failure: SandboxError | undefined;
    try {
      const request = buildRequest(id, call, manifest, config);
      if (pool.offThread) {
        output = await entry.callRef.apply(undefined, request, { timeout: isolateTimeout(timeoutMs) });
      } else {
        // Fast path: run on this thread; plugins that hold it too long are moved off it (see chargeSyncCall).
        const wall0 = performance.now();
        const thread0 = pool.watch > 0 ? process.threadCpuUsage() : undefined;
        output = entry.callRef.applySync(undefined, request, { timeout: isolateTimeout(timeoutMs) });
        chargeSyncCall(pool, performance.now() - wall0, thread0);
      }
      if (output === ASYNC_MARKER) output = await settleAsync(entry, pool, deadline, timeoutMs);
    } catch (err) {
      failure = err instanceof CallFailure ? err.error : isolateFailure(entry, pool, err, timeoutMs);
    }
    let cpuMs = 0;
    try { if (!entry.disposed) cpuMs = Number(entry.isolate.cpuTime - cpu0) / 1e6; } catch { /* disposed meanwhile */ }
    active.abort?.abort();
    release(pool, entry);
    if (failure) return finish(started, cpuMs, { error: failure }, call);
    try {
      return finish(started, cpuMs, parseOutput(output, manifest, opts.maxResultBytes), call);
    } catch (err) {
      return finish(started, cpuMs, { error: sandboxError('sandbox_internal', `the sandbox could not read the result: ${(err as Error).message}`) }, call);
    }
  }

  /**
   * Moves a plugin version off the host thread for good once it clearly holds the thread too long: one call over
   * 25× the budget, or three over the budget (a strike is forgiven every 100 quick calls), so that a single GC pause
   * never demotes a quick plugin. The wall clock decides most calls: a call within the budget by the wall clock is
   * within it by any clock. Over the budget, the wall clock may count time the OS gave to other processes, so the
   * pool's next calls are measured with this thread's CPU clock (a system call each), and the overrun counts as a
   * strike only once a measured call confirms it.
   */
  function chargeSyncCall(pool: PluginPool, wallMs: number, thread0: NodeJS.CpuUsage | undefined): void {
    let ms = wallMs;
    if (thread0) {
      const used = process.threadCpuUsage(thread0);
      ms = (used.user + used.system) / 1000;
      pool.watch--;
    } else if (wallMs > opts.syncBudgetMs && wallMs <= opts.syncBudgetMs * 25) {
      pool.watch = 20;
      pool.suspect = true;
      return;
    }
    if (ms > opts.syncBudgetMs * 25) pool.offThread = true;
    else if (ms > opts.syncBudgetMs) {
      pool.strikes += pool.suspect ? 2 : 1;
      pool.suspect = false;
      pool.offThread = pool.strikes >= 3;
    } else {
      if (thread0) pool.suspect = false;
      if (pool.strikes > 0 && ++pool.quickCalls % 100 === 0) pool.strikes--;
    }
  }

  function fetchPolicy(manifest: Manifest): FetchPolicy {
    return {
      allowHosts: manifest.permissions.network,
      privateAllowed,
      timeoutMs: opts.fetch.timeoutMs,
      maxResponseBytes: opts.fetch.maxResponseBytes,
      maxRequestBytes: opts.fetch.maxRequestBytes,
      maxRedirects: opts.fetch.maxRedirects,
      lookup: opts.fetch.lookup,
    };
  }

  return {
    run,
    stats() {
      let offThread = 0;
      for (const p of pools.values()) if (p.offThread) offThread++;
      return { plugins: pools.size, isolates: totalIsolates(), rebuilt: counters.rebuilt, calls: counters.calls, offThread };
    },
    async close() {
      closed = true;
      for (const pool of pools.values()) {
        retirePool(pool, new CallFailure(sandboxError('sandbox_closed', 'the sandbox is closed')));
        for (const e of [...pool.all]) dropEntry(pool, e);
      }
      pools.clear();
    },
  };
}
