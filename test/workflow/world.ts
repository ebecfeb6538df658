/**
 * A real in-process world for engine tests: a SQLite store in a temporary folder, the plugin service with the
 * first-party plugins installed through the regular install path, the real sandbox, and the workflow services.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteStore } from '../../host/src/storage/sqlite/index.ts';
import { createPluginService, type PluginService } from '../../host/src/plugins/index.ts';
import { createSandbox, type Sandbox } from '../../host/src/sandbox/index.ts';
import type { Store } from '../../host/src/storage/index.ts';
import { createEngine, type Engine } from '../../host/src/workflow/engine/index.ts';
import { createFlowService, type FlowService } from '../../host/src/workflow/flows.service.ts';
import type { FlowEdge, FlowNode } from '../../host/src/workflow/flow.schema.ts';

/** Everything a test needs. */
export interface World {
  dir: string;
  store: Store;
  plugins: PluginService;
  sandbox: Sandbox;
  engine: Engine;
  flows: FlowService;
  close(): Promise<void>;
}

/** The core plugins every engine test may use. */
export const CORE = ['if', 'set-value', 'copy-value', 'delete-value', 'template', 'update-profile', 'add-segment', 'remove-segment', 'create-response', 'log', 'http-request'];

/** Builds the world; install takes a few seconds (npm pack + verify per plugin). */
export async function createWorld(): Promise<World> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-wf-'));
  const store = await createSqliteStore(path.join(dir, 'tessera.db'));
  const plugins = await createPluginService({ store, dataDir: dir });
  // Suites run in parallel processes and installing rebuilds stale bundles inside the repository: one at a time.
  const release = await buildLock();
  try {
    await install(plugins);
  } finally {
    release();
  }
  // Tests call a local HTTP server, which the SSRF guard would refuse without this operator setting.
  const sandbox = createSandbox({ allowPrivateAddresses: ['127.0.0.1'], maxTimeoutMs: 15_000 });
  const engine = createEngine({ sandbox, catalog: plugins.catalog });
  const flows = createFlowService({ store, plugins: plugins.catalog });
  return {
    dir, store, plugins, sandbox, engine, flows,
    async close() {
      await sandbox.close();
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function install(plugins: PluginService): Promise<void> {
  const outcomes = await plugins.installWorkspacePlugins({ only: CORE.map((n) => `@tessera/plugin-${n}`) });
  // Test-only plugins (e.g. one that draws ux widgets), installed through the very same path.
  outcomes.push(...await plugins.installWorkspacePlugins({ pluginsDir: path.join(import.meta.dirname, 'fixtures', 'plugins') }));
  const failed = outcomes.filter((o) => !o.ok);
  if (failed.length > 0) throw new Error(`plugin install failed: ${failed.map((f) => `${f.name}: ${String((f as { error: unknown }).error)}`).join('; ')}`);
}

/** A lock file shared by the test processes of this machine; a holder gone for more than 2 minutes is ignored. */
async function buildLock(): Promise<() => void> {
  const file = path.join(os.tmpdir(), 'tessera-workflow-tests-build.lock');
  for (;;) {
    try {
      fs.closeSync(fs.openSync(file, 'wx'));
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - fs.statSync(file).mtimeMs > 120_000) fs.rmSync(file, { force: true });
      } catch { /* released meanwhile */ }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** A plugin node of a first-party plugin. */
export function node(id: string, plugin: string, config: Record<string, unknown>, extra: Partial<FlowNode> = {}): FlowNode {
  return { id, type: 'plugin', plugin: { name: `@tessera/plugin-${plugin}`, version: '1.0.0' }, config, position: { x: 0, y: 0 }, ...extra };
}

/** The start node. */
export const start: FlowNode = { id: 'start', type: 'start', position: { x: 0, y: 0 } };

/** An edge `source.port → target.payload`. */
export function edge(source: string, target: string, sourcePort = 'payload', targetPort = 'payload'): FlowEdge {
  return { id: `${source}.${sourcePort}->${target}`, source, sourcePort, target, targetPort };
}

/** A fresh profile document. */
export function profile(traits: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'p1', ids: ['p1'], traits, pii: {}, consents: {}, segments: [], stats: { visits: 1, events: 1 }, version: 1, createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' };
}

/** A fresh event document. */
export function event(type: string, properties: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: 'e1', type, sourceId: 's1', profileId: 'p1', sessionId: 'ss1', time: '2026-01-01T00:00:00Z', properties, context: {}, options: {}, tags: [], status: 'collected' };
}
