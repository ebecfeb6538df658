/**
 * Copies one physical index into its successor while a migration runs. Copies are "create if absent", so running
 * the same migration again after a crash never overwrites a document that was already copied (or written since).
 */
import type { Client } from '@elastic/elasticsearch';
import { fromSource, toSource } from '../document.ts';
import type { EsIndexDefinition } from '../schema.ts';
import { countDocs, sleep } from './es.ts';

/** Reports copied documents so far out of the total. */
export type CopyProgress = (done: number, total: number) => void;

/**
 * Copies `from` into `to`. Without a transform (and unchanged free-text paths) Elasticsearch's `_reindex` does the
 * work server-side and is polled for progress; otherwise documents are scrolled, transformed here and bulk-created.
 */
export async function copyIndex(
  client: Client, from: string, to: string, def: EsIndexDefinition, sameDerived: boolean, progress: CopyProgress,
): Promise<number> {
  const total = await countDocs(client, from);
  progress(0, total);
  if (total === 0) return 0;
  if (!def.transform && sameDerived) return reindexServerSide(client, from, to, total, progress);
  return reindexClientSide(client, from, to, def, total, progress);
}

async function reindexServerSide(client: Client, from: string, to: string, total: number, progress: CopyProgress): Promise<number> {
  const { body } = await client.reindex({
    wait_for_completion: false,
    refresh: true,
    body: { conflicts: 'proceed', source: { index: from, size: 1000 }, dest: { index: to, op_type: 'create' } },
  });
  const task = (body as { task: string }).task;
  for (;;) {
    const { body: status } = await client.tasks.get({ task_id: task });
    const s = status as { completed: boolean; task: { status: { created: number; version_conflicts: number } }; response?: { failures?: unknown[] }; error?: unknown };
    const done = s.task.status.created + s.task.status.version_conflicts;
    progress(Math.min(done, total), total);
    if (s.completed) {
      if (s.error || (s.response?.failures?.length ?? 0) > 0) {
        throw new Error(`reindex ${from} → ${to} failed: ${JSON.stringify(s.error ?? s.response?.failures?.slice(0, 3))}`);
      }
      return done;
    }
    await sleep(250);
  }
}

async function reindexClientSide(
  client: Client, from: string, to: string, def: EsIndexDefinition, total: number, progress: CopyProgress,
): Promise<number> {
  let done = 0;
  let response = await client.search({ index: from, scroll: '2m', size: 500, body: { sort: ['_doc'] } });
  let scrollId = (response.body as { _scroll_id?: string })._scroll_id;
  try {
    for (;;) {
      const hits = (response.body as { hits: { hits: Array<{ _id: string; _source: Record<string, unknown> }> } }).hits.hits;
      if (hits.length === 0) break;
      const operations: Array<Record<string, unknown>> = [];
      for (const hit of hits) {
        const entity = fromSource<Record<string, unknown>>(hit._source);
        const next = def.transform ? def.transform(entity) : entity;
        if (next === null) continue;
        operations.push({ create: { _index: to, _id: hit._id } }, toSource(next, def.textPaths ?? []));
      }
      if (operations.length > 0) {
        const { body } = await client.bulk({ body: operations });
        const failed = (body as { items: Array<{ create: { status: number; error?: unknown } }> }).items
          .filter((item) => item.create.status >= 300 && item.create.status !== 409);
        if (failed.length > 0) throw new Error(`copying ${from} → ${to}: ${JSON.stringify(failed[0]!.create.error)}`);
      }
      done += hits.length;
      progress(Math.min(done, total), total);
      response = await client.scroll({ scroll_id: scrollId!, scroll: '2m' });
      scrollId = (response.body as { _scroll_id?: string })._scroll_id;
    }
  } finally {
    if (scrollId) await client.clearScroll({ body: { scroll_id: scrollId } }).catch(() => undefined);
  }
  await client.indices.refresh({ index: to });
  return done;
}
