/** Id rules shared by stages: ids are trimmed and lower-cased (Tracardi's NamedEntity); `@` ids are internal. */
import { userError, type TesseraError } from '../../errors/index.ts';

/** Trimmed, lower-cased id. */
export function normaliseId(id: string): string {
  return id.trim().toLowerCase();
}

/** 403 for an id reserved for internal use (Tracardi answers 500 here). */
export function internalIdError(field: string, id: string): TesseraError {
  return userError('internal_id', `${field} "${id}" starts with @: such ids are internal and cannot be sent from outside`, 403, { field });
}

/** Event types are lower-cased and spaces become dashes, as Tracardi does. */
export function normaliseEventType(type: string): string {
  return type.trim().toLowerCase().replace(/\s+/g, '-');
}
