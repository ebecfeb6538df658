/**
 * Committed documents of the tables /track reads by id on every request (profiles and sessions), kept in memory as
 * the exact JSON text the writer committed. A returning visitor's request then reads its session and profile without
 * going through SQLite: the read connection's page cache is emptied by every commit of the writer thread (a WAL
 * reader starts over whenever the WAL changed), so those two point reads were each several page reads and system
 * calls, on the thread that serves every request.
 *
 * Only correct while every write of these tables goes through this store's writer: the store enables it only when it
 * is the file's sole writer (`documentCache` option; the host sets it in embedded mode, whose in-process locks already
 * presume one process per data set). Rules that keep it exact:
 * - a write marks its id "in flight" before it is submitted and drops the cached copy; while any write of an id is in
 *   flight, reads of it go to SQLite and are not remembered (SQLite may answer before or after the commit);
 * - when the last write in flight of an id settles, its JSON becomes the cached document if it committed; a failed
 *   or deleting write leaves nothing cached, so the next read asks SQLite;
 * - reads outside writes remember what SQLite answered.
 * Bounded by entries and characters; the least recently used entries go first.
 */
import type { OpCommitter } from '../collection.ts';
import type { DocTable, WriteOp } from './write-ops.ts';

/** Limits of one {@link DocumentCache}. */
export interface DocumentCacheLimits {
  /** Most documents kept (default 20 000). */
  maxEntries?: number;
  /** Most characters of JSON kept (default 16 M, about 32 MB). */
  maxChars?: number;
}

/** The committed JSON of documents of one table, by id. */
export class DocumentCache {
  readonly #docs = new Map<string, string>();
  readonly #writing = new Map<string, number>();
  readonly #maxEntries: number;
  readonly #maxChars: number;
  #chars = 0;

  constructor(limits: DocumentCacheLimits = {}) {
    this.#maxEntries = limits.maxEntries ?? 20_000;
    this.#maxChars = limits.maxChars ?? 16_000_000;
  }

  /** The committed JSON of `id`, or undefined when it is not cached. */
  get(id: string): string | undefined {
    const json = this.#docs.get(id);
    if (json !== undefined) {
      // Map keeps insertion order: re-inserting makes this the most recently used entry.
      this.#docs.delete(id);
      this.#docs.set(id, json);
    }
    return json;
  }

  /** Remembers what SQLite answered for `id`, unless a write of it is in flight (the answer may predate it). */
  offer(id: string, json: string): void {
    if (!this.#writing.has(id)) this.#keep(id, json);
  }

  /** A write of `id` is about to be submitted. */
  writing(id: string): void {
    this.#drop(id);
    this.#writing.set(id, (this.#writing.get(id) ?? 0) + 1);
  }

  /** A write of `id` settled: `json` is the document it committed, null when it deleted it or failed. */
  settled(id: string, json: string | null): void {
    const left = (this.#writing.get(id) ?? 1) - 1;
    if (left > 0) {
      // A later write of the same id is still in flight: its outcome decides.
      this.#writing.set(id, left);
      return;
    }
    this.#writing.delete(id);
    if (json !== null) this.#keep(id, json);
    else this.#drop(id);
  }

  /** How many documents are cached. */
  get size(): number {
    return this.#docs.size;
  }

  #keep(id: string, json: string): void {
    this.#drop(id);
    if (json.length > this.#maxChars) return;
    this.#docs.set(id, json);
    this.#chars += json.length;
    while (this.#docs.size > this.#maxEntries || this.#chars > this.#maxChars) {
      this.#drop(this.#docs.keys().next().value!);
    }
  }

  #drop(id: string): void {
    const old = this.#docs.get(id);
    if (old === undefined) return;
    this.#docs.delete(id);
    this.#chars -= old.length;
  }
}

/** The caches of the document tables that have one. */
export type DocumentCaches = Partial<Record<DocTable, DocumentCache>>;

/**
 * Wraps the writer so every put and delete of a cached table keeps its cache exact (see the rules above); other
 * operations pass through untouched.
 */
export function cachingCommitter(writer: OpCommitter, caches: DocumentCaches): OpCommitter {
  return {
    submit(ops: readonly WriteOp[]): Promise<unknown> {
      let touched: Array<{ cache: DocumentCache; id: string; json: string | null }> | null = null;
      for (const op of ops) {
        if (op.op !== 'put' && op.op !== 'delete') continue;
        const cache = caches[op.table];
        if (!cache) continue;
        cache.writing(op.id);
        (touched ??= []).push({ cache, id: op.id, json: op.op === 'put' ? op.json : null });
      }
      if (touched === null) return writer.submit(ops);
      const written = touched;
      return writer.submit(ops).then((value) => {
        for (const t of written) t.cache.settled(t.id, t.json);
        return value;
      }, (error: unknown) => {
        for (const t of written) t.cache.settled(t.id, null);
        throw error;
      });
    },
  };
}
