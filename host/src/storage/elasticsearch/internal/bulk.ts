/**
 * Group commit for Elasticsearch: writes submitted in one tick, or while every request slot is busy, are sent together
 * in the next bulk request, so concurrent /track requests share round trips (a few requests run in parallel). A submitter's promise settles once Elasticsearch
 * acknowledged all of its operations; by default an acknowledged write is in the translog, fsynced, i.e. durable.
 */
import type { Client } from '@elastic/elasticsearch';
import { operationalError, userError } from '../../../errors/index.ts';
import { toStorageError } from './errors.ts';

/** One bulk operation: its action line and, for index/create, the document. */
export interface BulkOp {
  action: 'index' | 'delete';
  index: string;
  id: string;
  doc?: Record<string, unknown>;
  /** Which collection the write dirties (for refresh-before-search). */
  collection: string;
  /** Make the write searchable everywhere before acknowledging it (configuration: rare writes, read by search). */
  refresh?: boolean;
}

/** The result of one delete: whether the document existed. */
export type BulkResult = { found: boolean };

interface Pending {
  ops: BulkOp[];
  resolve: (results: BulkResult[]) => void;
  reject: (error: unknown) => void;
}

/** Collects submitted operations and sends them in as few bulk requests as the engine's pace allows. */
export class BulkWriter {
  readonly #client: Client;
  readonly #onWritten: (collections: Set<string>) => void;
  #queue: Pending[] = [];
  #inFlight = new Set<Promise<void>>();
  #scheduled = false;
  readonly #maxInFlight: number;
  #held = 0;
  #heldDone: Array<() => void> = [];
  /** Bulk requests sent and operations in them (for tests and metrics). */
  readonly stats = { requests: 0, ops: 0 };

  /** @param maxInFlight bulk requests sent concurrently; more arrivals wait and join the next request. */
  constructor(client: Client, onWritten: (collections: Set<string>) => void, maxInFlight = 4) {
    this.#client = client;
    this.#onWritten = onWritten;
    this.#maxInFlight = maxInFlight;
  }

  /** Queues operations; resolves with one result per operation once all are acknowledged. */
  submit(ops: BulkOp[]): Promise<BulkResult[]> {
    if (ops.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ ops, resolve, reject });
      this.#schedule();
    });
  }

  /** Sends the queue on the next turn (so one tick's submitters share a request) if a request slot is free. */
  #schedule(): void {
    if (this.#scheduled || this.#queue.length === 0 || this.#inFlight.size >= this.#maxInFlight) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#queue.length === 0 || this.#inFlight.size >= this.#maxInFlight) return;
      const group = this.#queue;
      this.#queue = [];
      const sending = this.#send(group).finally(() => {
        this.#inFlight.delete(sending);
        this.#schedule();
      });
      this.#inFlight.add(sending);
    });
  }

  /**
   * Runs a write that prepares its operations asynchronously before submitting them; {@link idle} waits for it, so
   * a close() right after a commit() call still lets that commit land.
   */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.#held += 1;
    try {
      return await work();
    } finally {
      this.#held -= 1;
      if (this.#held === 0) for (const wake of this.#heldDone.splice(0)) wake();
    }
  }

  /** Resolves once every held write and everything submitted so far is acknowledged (used by close). */
  async idle(): Promise<void> {
    while (this.#held > 0 || this.#inFlight.size > 0 || this.#queue.length > 0) {
      if (this.#held > 0) await new Promise<void>((resolve) => this.#heldDone.push(resolve));
      else if (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #send(group: Pending[]): Promise<void> {
    const body: Array<Record<string, unknown>> = [];
    for (const p of group) {
      for (const op of p.ops) {
        body.push({ [op.action]: { _index: op.index, _id: op.id } });
        if (op.action === 'index') body.push(op.doc!);
      }
    }
    this.stats.requests += 1;
    this.stats.ops += body.length;
    const refresh = group.some((p) => p.ops.some((op) => op.refresh));
    let items: Array<Record<string, { status: number; result?: string; error?: { type?: string; reason?: string } }>>;
    try {
      const { body: response } = await this.#client.bulk({ body, ...(refresh ? { refresh: true } : {}) });
      items = (response as { items: typeof items }).items;
    } catch (error) {
      const failure = toStorageError(error, 'writing a batch');
      for (const p of group) p.reject(failure);
      return;
    }
    const dirty = new Set<string>();
    let i = 0;
    for (const p of group) {
      const results: BulkResult[] = [];
      let failure: Error | null = null;
      for (const op of p.ops) {
        const item = items[i++]!;
        const r = item[op.action]!;
        dirty.add(op.collection);
        if (op.action === 'delete' && r.status === 404) {
          results.push({ found: false });
        } else if (r.status >= 300) {
          failure ??= itemError(op, r.status, r.error);
        } else {
          results.push({ found: true });
        }
      }
      if (failure) p.reject(failure);
      else p.resolve(results);
    }
    this.#onWritten(dirty);
  }
}

function itemError(op: BulkOp, status: number, error: { type?: string; reason?: string } | undefined): Error {
  const reason = `${error?.type ?? 'error'}: ${error?.reason ?? 'unknown'}`;
  if (error?.type === 'cluster_block_exception' || status === 429 || status === 503) {
    return operationalError('storage_migrating', `Elasticsearch refused writing ${op.collection}/${op.id} (${reason})`, 503);
  }
  if (error?.type === 'mapper_parsing_exception' || error?.type === 'illegal_argument_exception') {
    return userError('invalid_document', `${op.collection}/${op.id} does not fit the index mapping (${reason})`, 422, { field: `${op.collection}.${op.id}` });
  }
  return operationalError('storage_write_failed', `Elasticsearch failed writing ${op.collection}/${op.id} (${reason})`, 503);
}
