/** Small helpers over the Elasticsearch 7 client used by the migration target. */
import type { Client } from '@elastic/elasticsearch';

/** The error type Elasticsearch reported, if the thrown value is a response error. */
export function esErrorType(error: unknown): string | undefined {
  const meta = (error as { meta?: { body?: { error?: { type?: string } } } }).meta;
  return meta?.body?.error?.type;
}

/** The HTTP status of a response error. */
export function esStatus(error: unknown): number | undefined {
  return (error as { meta?: { statusCode?: number } }).meta?.statusCode;
}

/** Creates an index unless it exists; true when this call created it. */
export async function createIndexIfMissing(client: Client, index: string, body: Record<string, unknown>): Promise<boolean> {
  try {
    await client.indices.create({ index, body, wait_for_active_shards: '1' });
    return true;
  } catch (error) {
    if (esErrorType(error) === 'resource_already_exists_exception') return false;
    throw error;
  }
}

/** Physical indices matching a pattern (empty when none). */
export async function indicesMatching(client: Client, pattern: string): Promise<string[]> {
  const { body } = await client.indices.get({ index: pattern, allow_no_indices: true, expand_wildcards: 'all' });
  return Object.keys(body as Record<string, unknown>).sort();
}

/** The indices an alias currently points at. */
export async function aliasTargets(client: Client, alias: string): Promise<string[]> {
  try {
    const { body } = await client.indices.getAlias({ name: alias });
    return Object.keys(body as Record<string, unknown>).sort();
  } catch (error) {
    if (esStatus(error) === 404) return [];
    throw error;
  }
}

/** Document count of an index (after a refresh, so the count is exact). */
export async function countDocs(client: Client, index: string): Promise<number> {
  await client.indices.refresh({ index });
  const { body } = await client.count({ index });
  return (body as { count: number }).count;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
