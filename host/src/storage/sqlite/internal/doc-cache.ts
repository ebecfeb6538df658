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
 * - when the last write in flight of an id settles, its JSON becomes the cached document if it committed and the
 *   document was cached before (it is being read); a failed or deleting write leaves nothing cached, so the next
 *   read asks SQLite;
 * - reads outside writes remember what SQLite answered.
 * Bounded by entries and characters; documents not written or read for the longest go first, so an active visitor's
 * session and profile stay while idle ones leave.
 */
import type { OpCommitter } from '../collection.ts';
import type { DocTable, WriteOp } from './write-ops.ts';

/**
 * The cache key of an id: SQLite stores ids as UTF-8, where a lone surrogate becomes U+FFFD, so two JavaScript strings
 * can name one row; keyed like SQLite, they share one entry.
 */
const key = (id: string): string => (id.isWellFormed() ? id : id.toWellFormed());

/** Limits of one {@link DocumentCache}. */
export interface DocumentCacheLimits {
  /** Most documents kept (default 10 000: the sessions and profiles of that many visitors active at once). */
  maxEntries?: number;
  /** Most characters of JSON kept (default 8 M: at most 8 MB of ASCII JSON, 16 MB otherwise). */
  maxChars?: number;
}

/** The committed JSON of documents of one table, by id. */
export class DocumentCache {
  /**
   * Two generations instead of one LRU map: entries go into `young`; when it is full it becomes `old` and the previous
   * `old` is dropped whole. Evicting one entry at a time from the front of a Map is slow in V8 (iterating to the first
   * live entry walks over every deleted slot before it), and a new visitor per request evicts on every write.
   */
  #young = new Map<string, string>();
  #old = new Map<string, string>();
  #youngChars = 0;
  readonly #writing = new Map<string, number>();
  readonly #generationEntries: number;
  readonly #generationChars: number;

  constructor(limits: DocumentCacheLimits = {}) {
    this.#generationEntries = Math.max(1, Math.floor((limits.maxEntries ?? 10_000) / 2));
    this.#generationChars = Math.floor((limits.maxChars ?? 8_000_000) / 2);
  }

  /** The committed JSON of `id`, or undefined when it is not cached. */
  get(id: string): string | undefined {
    const k = key(id);
    const young = this.#young.get(k);
    if (young !== undefined) return young;
    const old = this.#old.get(k);
    // Still in use: move it to the young generation so the next rotation keeps it.
    if (old !== undefined) this.#keep(k, old);
    return old;
  }

  /** Remembers what SQLite answered for `id`, unless a write of it is in flight (the answer may predate it). */
  offer(id: string, json: string): void {
    const k = key(id);
    if (!this.#writing.has(k)) this.#keep(k, json);
  }

  /** A write of `id` is about to be submitted; true when its document is cached (only then is its outcome kept). */
  writing(id: string): boolean {
    const k = key(id);
    const cached = this.#drop(k);
    // Per id in flight: the number of writes (times 2) and, in the low bit, whether the document was cached, i.e. is
    // being read. Only such documents are kept when their write commits: a document nobody read (a new visitor's
    // first profile and session) joins the cache when it is first read, not at every write.
    const state = this.#writing.get(k) ?? 0;
    const next = (state + 2) | (cached ? 1 : 0);
    this.#writing.set(k, next);
    return (next & 1) === 1;
  }

  /** A write of `id` settled: `json` is the document it committed, null when it deleted it or failed. */
  settled(id: string, json: string | null): void {
    const k = key(id);
    const state = this.#writing.get(k) ?? 2;
    if (state >= 4) {
      // A later write of the same id is still in flight: its outcome decides.
      this.#writing.set(k, state - 2);
      return;
    }
    this.#writing.delete(k);
    if (json !== null && (state & 1) === 1) this.#keep(k, json);
    else this.#drop(k);
  }

  /** How many documents are cached. */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  #keep(k: string, json: string): void {
    this.#drop(k);
    if (json.length > this.#generationChars) return;
    if (this.#young.size >= this.#generationEntries || this.#youngChars + json.length > this.#generationChars) {
      this.#old = this.#young;
      this.#young = new Map();
      this.#youngChars = 0;
    }
    this.#young.set(k, json);
    this.#youngChars += json.length;
  }

  /** Forgets `k`; true when it was cached. */
  #drop(k: string): boolean {
    const young = this.#young.get(k);
    if (young !== undefined) {
      this.#young.delete(k);
      this.#youngChars -= young.length;
      return true;
    }
    return this.#old.delete(k);
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
        // The JSON is held until the commit only where it will be kept: a document not cached (a new visitor's) is not.
        const kept = cache.writing(op.id);
        (touched ??= []).push({ cache, id: op.id, json: op.op === 'put' && kept ? op.json : null });
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
