/** Schemas shared by many routes: the error body, list pages, and common parameters. */
import { Type, type Static, type TSchema } from 'typebox';

/** The body of every error answer. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Stable machine-readable code, e.g. `validation_failed`' }),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
}, { description: 'Every error answer has this shape' });
/** The body of every error answer. */
export type ErrorResponse = Static<typeof ErrorResponse>;

/** `{ items, next }`: one page of a list; `next` is the cursor of the following page, or null. */
export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), next: Type.Union([Type.String(), Type.Null()]) });
}

/** Query parameters every list route takes. */
export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'Page size' })),
  cursor: Type.Optional(Type.String({ description: 'The `next` value of the previous page' })),
};

/** `{ id }` path parameter. */
export const IdParams = Type.Object({ id: Type.String({ minLength: 1 }) });
/** `{ id }` path parameter. */
export type IdParams = Static<typeof IdParams>;

/** Error answers, by status, for route `response` schemas (documents them in OpenAPI). */
export function errors(...statuses: number[]): Record<number, typeof ErrorResponse> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
}
