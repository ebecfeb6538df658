/**
 * The Elasticsearch outbox: jobs written with write batches (`outbox` alias, migration 202611281700-outbox). Their
 * index operations ride in the batch's bulk request, after its documents; a batch that fails validation writes none.
 */
import type { Outbox, OutboxJob } from '../port.ts';
import type { EsCollection } from './collection.ts';
import type { BulkOp } from './internal/bulk.ts';

/** How a job is stored: the job as JSON (never indexed: a payload must not grow the mapping), and its order key. */
export interface OutboxDoc {
  id: string;
  createdAt: string;
  json: string;
}

/** The outbox of an Elasticsearch store. */
export class EsOutbox implements Outbox {
  readonly #docs: EsCollection<OutboxDoc>;
  readonly scope: string;

  constructor(docs: EsCollection<OutboxDoc>, alias: string) {
    this.#docs = docs;
    this.scope = `elasticsearch:${alias}`;
  }

  /** The bulk operations that store `jobs` (serialised now). */
  indexOps(jobs: readonly OutboxJob[], createdAt: string): Promise<BulkOp[]> {
    return this.#docs.indexOps(jobs.map((job) => ({
      id: job.id, createdAt,
      json: JSON.stringify({ id: job.id, name: job.name, payload: job.payload, ...(job.options ? { options: job.options } : {}) }),
    })));
  }

  async pending(limit: number): Promise<OutboxJob[]> {
    const page = await this.#docs.search({ sort: [{ field: 'createdAt', order: 'asc' }], limit: Math.max(1, Math.floor(limit)) });
    return page.items.slice(0, Math.max(0, Math.floor(limit))).map((doc) => JSON.parse(doc.json) as OutboxJob);
  }

  async remove(ids: readonly string[]): Promise<number> {
    let removed = 0;
    for (const id of ids) if (await this.#docs.delete(id)) removed++;
    return removed;
  }
}
