/**
 * Refresh-before-search. Elasticsearch makes writes searchable at its next refresh (1 s by default); reads by id
 * are real-time. Rather than forcing a refresh on every write (which would cap ingestion throughput), the store
 * remembers which collections it wrote and refreshes such a collection once before its next search, so a process
 * always searches its own acknowledged writes. Other processes see them within the refresh interval.
 */
import type { Client } from '@elastic/elasticsearch';

/** Tracks written-but-not-refreshed collections of one store. */
export class RefreshTracker {
  readonly #client: Client;
  readonly #written = new Map<string, number>();
  readonly #refreshed = new Map<string, number>();
  readonly #pending = new Map<string, Promise<void>>();

  constructor(client: Client) {
    this.#client = client;
  }

  /** Records that `collections` received acknowledged writes. */
  wrote(collections: Iterable<string>): void {
    for (const c of collections) this.#written.set(c, (this.#written.get(c) ?? 0) + 1);
  }

  /** Refreshes every collection this store wrote to and has not refreshed (on close, so a reopened store sees all). */
  async all(aliasOf: (collection: string) => string): Promise<void> {
    for (const collection of this.#written.keys()) await this.before(collection, aliasOf(collection));
  }

  /** Refreshes `index` (the alias of `collection`) if this store wrote to it since its last refresh. */
  async before(collection: string, index: string): Promise<void> {
    const target = this.#written.get(collection) ?? 0;
    if (target <= (this.#refreshed.get(collection) ?? 0)) return;
    // Share one refresh among concurrent searches; a write acknowledged after it started needs another one.
    let running = this.#pending.get(collection);
    if (!running) {
      running = this.#client.indices.refresh({ index, allow_no_indices: true, ignore_unavailable: true }).then(() => {
        this.#refreshed.set(collection, Math.max(this.#refreshed.get(collection) ?? 0, target));
      }).finally(() => this.#pending.delete(collection));
      this.#pending.set(collection, running);
    }
    await running;
    if ((this.#refreshed.get(collection) ?? 0) < target) await this.before(collection, index);
  }
}
