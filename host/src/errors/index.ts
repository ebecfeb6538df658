/**
 * The one error factory of Tessera (STYLE.md §4).
 *
 * Errors are plain objects with a stable string `code`, an HTTP `status` and a `kind`. They are recognised by `code`
 * (see {@link isTesseraError}), never by `instanceof`: copies that cross the sandbox boundary lose their class.
 */

/** How an error is handled: `user` (4xx, never retried), `operational` (502/503/504, retried), `unexpected` (500). */
export type ErrorKind = 'user' | 'operational' | 'unexpected';

/** Machine-readable detail attached to an error, e.g. the failing field path. */
export type ErrorDetails = Record<string, unknown> | unknown[] | undefined;

/** The shape every Tessera error has, whether it is an Error instance or a copy that crossed a boundary. */
export interface TesseraErrorShape {
  code: string;
  message: string;
  status: number;
  kind: ErrorKind;
  details?: ErrorDetails;
}

/** An Error carrying Tessera's code, status, kind and details. */
export class TesseraError extends Error implements TesseraErrorShape {
  readonly code: string;
  readonly status: number;
  readonly kind: ErrorKind;
  readonly details?: ErrorDetails;

  constructor(shape: TesseraErrorShape, options?: { cause?: unknown }) {
    super(shape.message, options);
    this.name = 'TesseraError';
    this.code = shape.code;
    this.status = shape.status;
    this.kind = shape.kind;
    this.details = shape.details;
  }

  /** The body a client sees: no stack, no cause. */
  toJSON(): { error: { code: string; message: string; details?: ErrorDetails } } {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

/** A caller's mistake (4xx). `status` defaults to 400. */
export function userError(code: string, message: string, status = 400, details?: ErrorDetails): TesseraError {
  if (status < 400 || status > 499) throw new RangeError(`user errors are 4xx, got ${status} for ${code}`);
  return new TesseraError({ code, message, status, kind: 'user', details });
}

/** A dependency failed or timed out (502/503/504); the engine may retry these. `status` defaults to 503. */
export function operationalError(code: string, message: string, status = 503, details?: ErrorDetails, cause?: unknown): TesseraError {
  if (![502, 503, 504].includes(status)) throw new RangeError(`operational errors are 502/503/504, got ${status} for ${code}`);
  return new TesseraError({ code, message, status, kind: 'operational', details }, { cause });
}

/** A bug or broken invariant (500); logged with its cause, shown to clients only as a generic message. */
export function unexpectedError(code: string, message: string, cause?: unknown, details?: ErrorDetails): TesseraError {
  return new TesseraError({ code, message, status: 500, kind: 'unexpected', details }, { cause });
}

/** True for anything shaped like a Tessera error (an instance or a structured copy of one). */
export function isTesseraError(value: unknown): value is TesseraErrorShape {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'string' && typeof v.status === 'number' && typeof v.message === 'string'
    && (v.kind === 'user' || v.kind === 'operational' || v.kind === 'unexpected');
}
