import type { Manifest } from '../../manifest/manifest.types.ts';
import { createIsolateEntry, disposeEntry } from './isolate-entry.ts';
import type { IsolateEntry } from './isolate-entry.ts';
import type { FetchPolicy } from '../fetch/safe-fetch.ts';

/** Warm isolates of one plugin@version (one code identity). */
export interface PluginPool {
  key: string;
  identity: string;
  manifest: Manifest;
  code: string;
  staticJson: string;
  memoryMb: number;
  all: Set<IsolateEntry>;
  idle: IsolateEntry[];
  waiters: Array<{ resolve: (e: IsolateEntry) => void; reject: (err: unknown) => void }>;
  lastUsed: number;
  retired: boolean;
  /** Set once a call held the host thread too long: later calls run on isolated-vm's thread pool. */
  offThread: boolean;
  /** Calls over the sync budget not yet forgiven, and quick calls counted towards forgiving them. */
  strikes: number;
  quickCalls: number;
  /** Calls left to measure with the thread's CPU clock after a wall-clock overrun, and whether that overrun is unconfirmed. */
  watch: number;
  suspect: boolean;
  /** Set when the bundle cannot be installed, so a broken plugin costs one attempt, not one per call. */
  loadError?: Error;
  /** The manifest's fetch policy, built on first use. */
  fetchPolicy?: FetchPolicy;
  /** Config validations cached per config object. */
  configs: WeakMap<object, unknown>;
}

/** Creates an empty pool for a validated manifest. */
export function createPool(key: string, identity: string, manifest: Manifest, code: string, name: string, memoryMb: number, maxResultBytes: number): PluginPool {
  const p = manifest.permissions;
  const staticJson = JSON.stringify({
    name, kind: manifest.kind, outputs: manifest.outputs, maxResultBytes,
    perms: { profile: p.profile, session: p.session, event: p.event, pii: p.pii, consent: p.consent, resources: p.resources },
  });
  return { key, identity, manifest, code, staticJson, memoryMb, all: new Set(), idle: [], waiters: [], lastUsed: Date.now(), retired: false, offThread: false, strikes: 0, quickCalls: 0, watch: 0, suspect: false, configs: new WeakMap() };
}

/** Adds a fresh isolate to the pool. */
export function growPool(pool: PluginPool, onHostOp: IsolateEntry['onHostOp']): IsolateEntry {
  if (pool.loadError) throw pool.loadError;
  try {
    const entry = createIsolateEntry(pool.memoryMb, pool.code, pool.staticJson, onHostOp);
    pool.all.add(entry);
    return entry;
  } catch (err) {
    pool.loadError = err as Error;
    throw err;
  }
}

/** Takes an isolate out of the pool and disposes it. */
export function dropEntry(pool: PluginPool, entry: IsolateEntry): void {
  disposeEntry(entry);
  pool.all.delete(entry);
  const i = pool.idle.indexOf(entry);
  if (i >= 0) pool.idle.splice(i, 1);
}

/** Disposes every idle isolate; busy ones are disposed when released (`retired`). */
export function retirePool(pool: PluginPool, reason: Error): void {
  pool.retired = true;
  for (const e of [...pool.idle]) dropEntry(pool, e);
  for (const w of pool.waiters.splice(0)) w.reject(reason);
}
