/**
 * The services of one host process, created once at start-up and injected everywhere (STYLE.md §8): no module-level
 * singletons. Add a service by creating it in `createServices` (after what it depends on) and, if it holds
 * resources, registering its closer; closers run in reverse order.
 */
import pino, { type Logger } from 'pino';
import type { Config } from './config/index.ts';
import { createPluginDomain, type PluginDomain } from './plugins/setup.ts';
import { connectWorkflow } from './plugins/flow-hooks.ts';
import { resolveSecretKey } from './config/secret-key.ts';
import { createCipher, type Cipher } from './auth/cipher.ts';
import { createStore, type Store } from './storage/index.ts';
import { SqliteStore } from './storage/sqlite/index.ts';
import { createSourceRegistry, type SourceRegistry } from './sources/source-registry.ts';
import { createCoord, type Bus, type Locks } from './coord/index.ts';
import { createQueue, type Queue } from './queue/index.ts';
import { OutboxRelay } from './queue/outbox.ts';
import { createSandbox, type Sandbox } from './sandbox/index.ts';
import { createWorkflow, WORKFLOW_CHANNEL, type Workflow } from './workflow/index.ts';
import { createIdentityService, IDENTITY_CHANNEL, type IdentityService } from './identity/service.ts';
import { createSegmentService, SEGMENTS_CHANNEL, type SegmentService } from './segments/service.ts';

/** Everything a route, stage or command may use. */
export interface Services {
  readonly config: Config;
  readonly log: Logger;
  readonly store: Store;
  /** Encrypts secrets at rest with the installation key. */
  readonly cipher: Cipher;
  /** Cached event sources for the collector. */
  readonly sources: SourceRegistry;
  /** Keyed locks (in-process, or Redis in scale mode), held around profile/session resolution. */
  readonly locks: Locks;
  /** Messages between the hosts of an installation (cache invalidation). */
  readonly bus: Bus;
  /** Background jobs (embedded, or BullMQ on Redis in scale mode); consumed by `tessera worker` or the host. */
  readonly queue: Queue;
  /** Moves jobs committed with /track batches (the store's outbox) to the queue; kicked after such commits. */
  readonly outbox?: OutboxRelay;
  /** Plugins: catalog (what the sandbox loads), installer, trust store, registry, marketplace index. */
  readonly plugins: PluginDomain;
  /** The isolate sandbox every plugin call runs in. */
  readonly sandbox: Sandbox;
  /** Flows, versions, routing rules and the engine. */
  readonly workflow: Workflow;
  /** Identification points (merge keys) and their cached enabled list. */
  readonly identity: IdentityService;
  /** Segments and their cached compiled conditions. */
  readonly segments: SegmentService;
  /** Releases everything in reverse creation order; flushes the store. Safe to call twice. */
  close(): Promise<void>;
}

/** Bus channel announcing `{ id }` of a changed event source. */
export const SOURCES_CHANNEL = 'sources.changed';

/** The process logger (pino), shared by Fastify and the CLI. */
export function createLogger(config: Pick<Config, 'logLevel'>): Logger {
  return pino({ level: config.logLevel, base: { service: 'tessera' } });
}

/** Creates the services; on failure, closes whatever was already created. */
export async function createServices(config: Config, log: Logger = createLogger(config)): Promise<Services> {
  const closers: Array<() => Promise<void> | void> = [];
  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      for (const c of closers.reverse()) {
        try { await c(); } catch (err) { log.error({ err }, 'error while closing a service'); }
      }
    })();
    return closed;
  };
  try {
    const cipher = createCipher(resolveSecretKey(config.secret, config.dataDir, log));
    // Opening migrates the schema, so `npm start` on a fresh clone needs no separate step.
    const store = await createStore(config, {
      onMigrationProgress: (p) => { if (p.phase === 'done' && p.id) log.info({ migration: p.id }, 'applied migration'); },
      // Embedded mode (in-process locks) presumes one process per data set, so the store may cache what it commits.
      documentCache: !config.redisHost,
    });
    closers.push(() => store.close());
    if (store instanceof SqliteStore && config.sqliteWalCoalesce) {
      if (store.walCoalesce.active) log.info('SQLite WAL write coalescing is on');
      else log.warn({ reason: store.walCoalesce.reason }, 'SQLite WAL write coalescing is off: commits use more CPU (SQLITE_WAL_COALESCE=no silences this)');
    }
    const coord = await createCoord(config);
    closers.push(() => coord.close());
    const queue = await createQueue(config);
    closers.push(() => queue.close());
    // Jobs a previous process committed but did not relay move now; later ones right after their commit.
    const outbox = new OutboxRelay(store, queue, coord.locks, { onError: (err) => log.error({ err }, 'outbox relay failed; the next run retries') });
    outbox.start();
    closers.push(() => outbox.stop());
    const sources = createSourceRegistry(store, cipher, config.sourceCacheTtlMs);
    // Other hosts drop their cached copy as soon as a source changes anywhere.
    await coord.bus.subscribe(SOURCES_CHANNEL, (m) => sources.invalidate((m as { id?: string } | null)?.id));
    const plugins = await createPluginDomain(config, store, log, coord.bus);
    closers.push(() => plugins.close());
    // Plugins' ctx.kv lives in the store; the sandbox's port only needs deletion, not whether something was deleted.
    const kv = { get: (ns: string, k: string) => store.kv.get(ns, k), set: (ns: string, k: string, v: unknown) => store.kv.set(ns, k, v), delete: async (ns: string, k: string) => { await store.kv.delete(ns, k); } };
    const sandbox = createSandbox({ kv, logger: log });
    closers.push(() => sandbox.close());
    const workflow = createWorkflow({ store, sandbox, catalog: plugins.service.catalog, bus: coord.bus, flowThreads: { count: config.flowThreads, kv, logger: log } });
    closers.push(() => workflow.close());
    // Another host published a flow or changed a rule: drop the cached copy here too.
    await coord.bus.subscribe(WORKFLOW_CHANNEL, (m) => workflow.onRemoteChange(m));
    // Forced uninstalls disable flows and node upgrades save drafts through the workflow services.
    connectWorkflow(plugins.service.flowHooks, workflow, (id) => coord.bus.publish(WORKFLOW_CHANNEL, { kind: 'flow', id }));
    // Identification points and segments are cached per host; a change anywhere drops every host's copy.
    const identity = createIdentityService({ store });
    await coord.bus.subscribe(IDENTITY_CHANNEL, () => identity.invalidate());
    const segments = createSegmentService({ store });
    await coord.bus.subscribe(SEGMENTS_CHANNEL, () => segments.invalidate());
    return { config, log, store, cipher, sources, locks: coord.locks, bus: coord.bus, queue, outbox, plugins, sandbox, workflow, identity, segments, close };
  } catch (err) {
    await close();
    throw err;
  }
}
