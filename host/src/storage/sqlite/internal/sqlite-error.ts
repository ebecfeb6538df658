/** Maps better-sqlite3 errors onto Tessera errors: engine trouble is operational (503), anything else unexpected. */
import { isTesseraError, operationalError, unexpectedError, type TesseraErrorShape } from '../../../errors/index.ts';

const OPERATIONAL = /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|NOMEM|PROTOCOL)/;

/** The Tessera error for something thrown while talking to SQLite. */
export function toStorageError(error: unknown): TesseraErrorShape {
  if (isTesseraError(error)) return error;
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (/database connection is not open/.test(message)) return operationalError('store_closed', 'the store is closed', 503, undefined, error);
  if (typeof code === 'string' && OPERATIONAL.test(code)) {
    return operationalError('storage_unavailable', `SQLite is unavailable: ${message}`, 503, { engineCode: code }, error);
  }
  return unexpectedError('storage_failed', `SQLite failed: ${message}`, error, typeof code === 'string' ? { engineCode: code } : undefined);
}
