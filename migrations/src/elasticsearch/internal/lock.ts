/**
 * A migration lock in the migrations index: one document created with `op_type: create`, so two `tessera migrate`
 * processes on one cluster never run the same step at once. A lock older than {@link STALE_MS} belongs to a
 * process that died and is taken over.
 */
import type { Client } from '@elastic/elasticsearch';
import { randomUUID } from 'node:crypto';
import { esStatus, sleep } from './es.ts';

const LOCK_ID = 'lock';
/** A lock not renewed for this long is considered abandoned. */
export const STALE_MS = 10 * 60_000;

/** Runs `fn` while holding the migration lock of `index`; waits (polling) while another process holds it. */
export async function withMigrationLock<T>(client: Client, index: string, fn: () => Promise<T>): Promise<T> {
  const owner = randomUUID();
  for (;;) {
    try {
      await client.create({ index, id: LOCK_ID, refresh: true, body: { kind: 'lock', owner, at: Date.now() } });
      break;
    } catch (error) {
      if (esStatus(error) !== 409) throw error;
      const { body } = await client.get({ index, id: LOCK_ID }).catch(() => ({ body: null }));
      const held = (body as { _source?: { at?: number }; _seq_no?: number; _primary_term?: number } | null);
      if (held?._source?.at !== undefined && Date.now() - held._source.at > STALE_MS) {
        // Take over only the exact stale document we saw, so two waiters cannot both take it over.
        await client.delete({ index, id: LOCK_ID, if_seq_no: held._seq_no, if_primary_term: held._primary_term }).catch(() => undefined);
        continue;
      }
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    await client.delete({ index, id: LOCK_ID, refresh: true }).catch(() => undefined);
  }
}
