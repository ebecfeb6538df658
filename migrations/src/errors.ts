/**
 * Migration errors. They have the shape of the host's Tessera errors (`code`, `status`, `kind`), so the host
 * recognises them by code; this package cannot import the host, which depends on it.
 */

/** An Error with a Tessera-style stable code. */
export interface MigrationError extends Error {
  code: string;
  status: number;
  kind: 'unexpected';
  details?: Record<string, unknown>;
}

/** Creates a migration error; migrations fail start-up, so they are `unexpected` (500) by nature. */
export function migrationError(code: string, message: string, details?: Record<string, unknown>, cause?: unknown): MigrationError {
  const error = new Error(message, { cause }) as MigrationError;
  error.name = 'MigrationError';
  error.code = code;
  error.status = 500;
  error.kind = 'unexpected';
  if (details) error.details = details;
  return error;
}
