/**
 * Turns a port field path (`traits.plan`) into the SQL expression the adapter filters and sorts on. The expression
 * text must match the expression indexes of the migrations exactly (`json_extract(doc, '$.type')`), so paths are
 * inlined as literals — which is why field names are checked against a strict pattern first.
 */
import { userError } from '../../../errors/index.ts';

const SEGMENT = /^[A-Za-z0-9_@$-]{1,128}$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The JSON path literal for a field, e.g. `'$.traits.plan'`, or throws `invalid_query` naming `where`. */
export function jsonPath(field: string, where: string): string {
  const segments = typeof field === 'string' ? field.split('.') : [];
  if (segments.length === 0 || segments.length > 16 || !segments.every((s) => SEGMENT.test(s))) {
    throw userError('invalid_query', `${where}: "${String(field)}" is not a valid field path (dot-separated letters, digits, _ - @ $)`, 400, { field: where });
  }
  return `'$${segments.map((s) => (IDENTIFIER.test(s) ? `.${s}` : `."${s}"`)).join('')}'`;
}

/** The SQL expression of a field: the `id` column for `id`, otherwise `json_extract(doc, path)`. */
export function fieldExpr(field: string, where: string): string {
  return field === 'id' ? 'id' : `json_extract(doc, ${jsonPath(field, where)})`;
}
