import { createRuntime } from '../runtime/runtime.ts';
import type { RuntimeOptions } from '../runtime/options.ts';
import { createMemoryKvStore } from '../runtime/kv-memory.ts';
import type { KvStore, PluginPackage, SandboxResult } from '../runtime/types.ts';
import type { Manifest } from '../manifest/manifest.types.ts';
import { loadPlugin } from './load-plugin.ts';

/** One harness call: a plugin (folder, or manifest + code) and the world it runs in. */
export interface RunPluginOptions {
  /** Plugin folder (package.json with a "tessera" block); or give `manifest` and `code`. */
  dir?: string | URL;
  manifest?: Manifest | Record<string, unknown>;
  code?: string;
  name?: string;
  version?: string;
  config?: Record<string, unknown>;
  /** Defaults to the first input port with an empty object payload. */
  input?: { port?: string; payload?: unknown };
  event?: Record<string, unknown>;
  profile?: Record<string, unknown>;
  session?: Record<string, unknown>;
  resources?: Record<string, unknown>;
  /** Key-value store behind `ctx.kv` (default: a fresh in-memory store per harness). */
  kv?: KvStore;
  timeoutMs?: number;
  trace?: { flowId?: string; nodeId?: string };
  /** Host policy (SSRF allow list, fetch lookup, mail transport…), as the host would set it. */
  runtime?: RuntimeOptions;
}

/** What a run produced: exactly what the host's sandbox returns to the workflow engine. */
export type RunPluginResult = SandboxResult;

/** A reusable harness: one runtime (warm isolates) for many runs, like the host. */
export interface Harness {
  run(options: Omit<RunPluginOptions, 'runtime' | 'kv'>): Promise<RunPluginResult>;
  close(): Promise<void>;
  /** The kv store the plugin writes to (inspect it in tests). */
  kv: KvStore;
}

async function resolvePlugin(o: RunPluginOptions, cache: Map<string, PluginPackage>): Promise<PluginPackage> {
  if (o.dir !== undefined) {
    const key = String(o.dir);
    let p = cache.get(key);
    if (!p) cache.set(key, (p = await loadPlugin(o.dir)));
    return p;
  }
  if (!o.manifest || typeof o.code !== 'string') throw new TypeError('runPlugin: give `dir`, or `manifest` and `code`');
  return { name: o.name ?? 'test-plugin', version: o.version ?? '0.0.0', manifest: o.manifest, code: o.code };
}

/** Creates a harness running plugins in the same runtime the host uses. */
export function createHarness(options: { runtime?: RuntimeOptions; kv?: KvStore } = {}): Harness {
  const kv = options.kv ?? options.runtime?.kv ?? createMemoryKvStore();
  const runtime = createRuntime({ ...options.runtime, kv });
  const cache = new Map<string, PluginPackage>();
  return {
    kv,
    async run(o) {
      const plugin = await resolvePlugin(o, cache);
      const inputs = (plugin.manifest as { inputs?: string[] }).inputs ?? ['payload'];
      const result: SandboxResult = await runtime.run({
        plugin,
        config: o.config,
        input: { port: o.input?.port ?? inputs[0] ?? 'payload', payload: o.input?.payload ?? {} },
        event: o.event, profile: o.profile, session: o.session, resources: o.resources,
        trace: o.trace, timeoutMs: o.timeoutMs,
      });
      return result;
    },
    close: () => runtime.close(),
  };
}

/** Runs a plugin once in the real sandbox and returns its results, patches, logs and error. */
export async function runPlugin(options: RunPluginOptions): Promise<RunPluginResult> {
  const harness = createHarness({ runtime: options.runtime, kv: options.kv });
  try {
    return await harness.run(options);
  } finally {
    await harness.close();
  }
}
