/** Maps Elasticsearch client failures onto Tessera errors (recognised by code, never by class). */
import { operationalError, unexpectedError } from '../../../errors/index.ts';

interface EsFailure {
  meta?: { statusCode?: number; body?: { error?: { type?: string; reason?: string } } };
  name?: string;
  message?: string;
}

/** The Elasticsearch error type of a thrown client error, if any. */
export function esErrorType(error: unknown): string | undefined {
  return (error as EsFailure).meta?.body?.error?.type;
}

/** The HTTP status of a thrown client error, if any. */
export function esStatus(error: unknown): number | undefined {
  return (error as EsFailure).meta?.statusCode;
}

/**
 * A Tessera error for a failed Elasticsearch call: connection trouble, overload and write blocks (an index being
 * migrated) are operational (503, retried); anything else is a bug or a broken cluster.
 */
export function toStorageError(error: unknown, what: string): Error {
  if ((error as { code?: unknown }).code !== undefined && typeof (error as { status?: unknown }).status === 'number') return error as Error;
  const e = error as EsFailure;
  const status = e.meta?.statusCode;
  const type = e.meta?.body?.error?.type;
  const reason = e.meta?.body?.error?.reason ?? e.message ?? String(error);
  if (e.name === 'ConnectionError' || e.name === 'TimeoutError' || e.name === 'NoLivingConnectionsError') {
    return operationalError('storage_unavailable', `Elasticsearch is unreachable while ${what}`, 503, undefined, error);
  }
  if (type === 'cluster_block_exception') {
    return operationalError('storage_migrating', `Elasticsearch refused writes while ${what} (an index is being migrated): ${reason}`, 503, undefined, error);
  }
  if (status === 429 || status === 503 || status === 504) {
    return operationalError('storage_busy', `Elasticsearch is overloaded while ${what}`, 503, undefined, error);
  }
  return unexpectedError('storage_failed', `Elasticsearch failed while ${what}: ${reason}`, error);
}
