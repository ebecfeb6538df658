/**
 * Compiles the port's Query (filters, free text, sort, cursor) into SQL over a table of JSON documents.
 *
 * Fields listed as scalar (the indexed ones) compare their expression directly, so SQLite can use the expression
 * indexes. Any other field may hold an array, and `eq`/`in`/`ne`/`contains`/`prefix` then match when any element
 * matches (via `json_each`), as the port requires.
 */
import { userError } from '../../../errors/index.ts';
import { FILTER_OPS, type Filter, type Query, type Sort } from '../../port.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { fieldExpr, jsonPath } from './json-path.ts';

/** How a collection maps onto its table. */
export interface TableSpec {
  table: string;
  /** A fixed condition (e.g. the config kind) ANDed to every query. */
  scope?: { sql: string; params: unknown[] };
  /** Fields kept in indexed columns of their own (stored generated columns): field → column name. */
  columns?: Readonly<Record<string, string>>;
  /** Fields known to be scalars (no array matching needed). */
  scalarFields: ReadonlySet<string>;
  /** Fields every document has, never null (their schema requires them): paging can bound them by index range. */
  requiredFields?: ReadonlySet<string>;
  /** Fields the free-text search looks into, or `doc` for the whole document. */
  textFields: readonly string[] | 'doc';
  /**
   * An array field whose elements a side table indexes (profiles: `ids` in `profile_ids`): `eq`/`in` on it first
   * narrow the rows through that table, then check the document exactly, so the lookup never scans the table.
   */
  elementIndex?: { field: string; table: string; valueColumn: string; docColumn: string };
  /**
   * A field without an index of its own that a side table maps to the values an indexed column holds on the same rows
   * (events: `sessionId` → the profile ids of the session's events, in `session_profiles`). `eq`/`in` on the field
   * then also require the column to hold one of those values, looked up before the query is built, so that column's
   * index finds the rows (and, for a single value, serves the sort). The side table may list values no row holds any
   * more, never miss one; `nullAs` is what it records for a row whose column is null. `valueField` is the field of that
   * indexed column (in `columns`); the store writes the pair (`field`, `valueField`) of every document it puts (the
   * `pair` of a put operation).
   */
  keyedBy?: { field: string; valueField: string; table: string; keyColumn: string; valueColumn: string; nullAs: string };
}

/** Runs a lookup for {@link TableSpec.keyedBy}: the first column of every row the SQL selects with these params. */
export type KeyLookup = (sql: string, params: readonly Scalar[]) => unknown[];

/**
 * Adds the {@link TableSpec.keyedBy} condition to an `eq`/`in` condition on its field. Without a lookup, or when the
 * keys map to more values than a query should bind, the field's own condition stands alone (exact, but a scan).
 */
function narrowByKey(spec: TableSpec, field: string, keys: readonly Scalar[], part: SqlPart, lookup: KeyLookup | undefined): SqlPart {
  const k = spec.keyedBy;
  if (!k || !lookup || k.field !== field || keys.length === 0) return part;
  const found = lookup(`SELECT DISTINCT ${k.valueColumn} FROM ${k.table} WHERE ${k.keyColumn} IN (${keys.map(() => '?').join(', ')})`, keys);
  if (found.length === 0) return { sql: '0', params: [] };
  if (found.length > MAX_IN) return part;
  // `nullAs` stays in the list too: a row whose column really holds it is found either way.
  const values = found as Scalar[];
  const column = col(spec, k.valueField, 'keyedBy.valueField');
  const inList = `${column} IN (${values.map(() => '?').join(', ')})`;
  const narrowed = values.includes(k.nullAs) ? `(${inList} OR ${column} IS NULL)` : inList;
  return { sql: `(${narrowed} AND ${part.sql})`, params: [...values, ...part.params] };
}

/** Narrows an `eq`/`in` condition on the spec's indexed array field through its side table. */
function narrowByElementIndex(spec: TableSpec, field: string, values: readonly Scalar[], part: SqlPart): SqlPart {
  const ix = spec.elementIndex;
  if (!ix || ix.field !== field || values.length === 0) return part;
  return {
    sql: `(id IN (SELECT ${ix.docColumn} FROM ${ix.table} WHERE ${ix.valueColumn} IN (${values.map(() => '?').join(', ')})) AND ${part.sql})`,
    params: [...values, ...part.params],
  };
}

/** SQL text plus its parameters. */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/** A compiled search: run `sql` with `params`; columns `id`, `doc`, `s0..sN` (sort values). */
export interface CompiledSearch extends SqlPart {
  limit: number;
  /** Builds the cursor that continues after a row, from its id and sort values. */
  cursorAfter(row: Record<string, unknown>): string;
}

const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 50;
const MAX_SORTS = 4;
const MAX_IN = 1000;

type Scalar = string | number | null;

/** The SQL for a field: its own column where it has one (so SQLite uses that column's indexes), else json_extract. */
function col(spec: TableSpec, field: string, where: string): string {
  return (typeof field === 'string' && spec.columns && Object.hasOwn(spec.columns, field)) ? spec.columns[field]! : fieldExpr(field, where);
}

/** SQLite binds no booleans: they are stored by json_extract as 1/0, so compare them as such. */
function bindable(value: unknown, where: string, allowNull: boolean): Scalar {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value === null && allowNull) return null;
  throw userError('invalid_query', `${where}: value must be a string, a finite number or a boolean${allowNull ? ' or null' : ''}`, 400, { field: where });
}

/** Wraps a condition so it also matches any scalar element of an array-valued field. */
function anyElement(spec: TableSpec, field: string, where: string, cond: (x: string) => SqlPart): SqlPart {
  const expr = col(spec, field, where);
  const direct = cond(expr);
  if (spec.scalarFields.has(field) || field === 'id') return direct;
  const path = jsonPath(field, where);
  const inner = cond('je.value');
  return {
    sql: `((json_type(doc, ${path}) NOT IN ('array', 'object') AND ${direct.sql}) OR (json_type(doc, ${path}) = 'array' AND EXISTS (SELECT 1 FROM json_each(doc, ${path}) AS je WHERE je.type NOT IN ('array', 'object') AND ${inner.sql})))`,
    params: [...direct.params, ...inner.params],
  };
}

function compileFilter(spec: TableSpec, filter: Filter, where: string, lookup: KeyLookup | undefined): SqlPart {
  if (typeof filter !== 'object' || filter === null) throw userError('invalid_query', `${where} must be an object`, 400, { field: where });
  const { field, op, value } = filter;
  if (!(FILTER_OPS as readonly string[]).includes(op)) {
    throw userError('invalid_query', `${where}.op: "${String(op)}" is not one of ${FILTER_OPS.join(', ')}`, 400, { field: `${where}.op` });
  }
  const at = `${where}.value`;
  switch (op) {
    case 'eq':
    case 'ne': {
      const v = bindable(value, at, true);
      const eq = v === null
        ? { sql: `(${col(spec, field, `${where}.field`)} IS NULL)`, params: [] }
        : narrowByKey(spec, field, op === 'eq' ? [v] : [],
          narrowByElementIndex(spec, field, op === 'eq' ? [v] : [], anyElement(spec, field, `${where}.field`, (x) => ({ sql: `${x} = ?`, params: [v] }))), lookup);
      // `ne` also matches documents without the field, as a document store's must_not does.
      return op === 'eq' ? eq : { sql: `(NOT coalesce(${eq.sql}, 0))`, params: eq.params };
    }
    case 'in': {
      if (!Array.isArray(value) || value.length > MAX_IN) {
        throw userError('invalid_query', `${at}: must be an array of at most ${MAX_IN} values`, 400, { field: at });
      }
      if (value.length === 0) return { sql: '0', params: [] };
      const vs = value.map((v, i) => bindable(v, `${at}[${i}]`, false));
      return narrowByKey(spec, field, vs,
        narrowByElementIndex(spec, field, vs, anyElement(spec, field, `${where}.field`, (x) => ({ sql: `${x} IN (${vs.map(() => '?').join(', ')})`, params: vs }))), lookup);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
        throw userError('invalid_query', `${at}: ${op} needs a string or a finite number`, 400, { field: at });
      }
      const sign = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[op];
      return { sql: `(${col(spec, field, `${where}.field`)} ${sign} ?)`, params: [value] };
    }
    case 'exists': {
      if (value !== undefined && typeof value !== 'boolean') {
        throw userError('invalid_query', `${at}: exists takes true, false or nothing`, 400, { field: at });
      }
      if (field === 'id') return { sql: value === false ? '0' : '1', params: [] };
      const t = `json_type(doc, ${jsonPath(field, `${where}.field`)})`;
      return { sql: value === false ? `(${t} IS NULL OR ${t} = 'null')` : `(${t} IS NOT NULL AND ${t} != 'null')`, params: [] };
    }
    case 'contains': {
      if (typeof value !== 'string') throw userError('invalid_query', `${at}: contains needs a string`, 400, { field: at });
      const needle = value.toLowerCase();
      return anyElement(spec, field, `${where}.field`, (x) => ({ sql: `instr(tessera_lower(${x}), ?) > 0`, params: [needle] }));
    }
    case 'prefix': {
      if (typeof value !== 'string') throw userError('invalid_query', `${at}: prefix needs a string`, 400, { field: at });
      // The >= half lets SQLite narrow by index; substr does the exact, case-sensitive check.
      return anyElement(spec, field, `${where}.field`, (x) => ({ sql: `(${x} >= ? AND substr(${x}, 1, ?) = ?)`, params: [value, value.length, value] }));
    }
  }
}

function textExpr(spec: TableSpec): string {
  if (spec.textFields === 'doc') return 'doc';
  return ['id', ...spec.textFields.map((f) => `coalesce(${fieldExpr(f, 'text')}, '')`)].join(` || ' ' || `);
}

/** The WHERE conditions (scope, filters, text) of a query; `lookup` reads the side table of `spec.keyedBy`. */
export function compileWhere(spec: TableSpec, filters: readonly Filter[] | undefined, text?: string, lookup?: KeyLookup): SqlPart {
  const parts: SqlPart[] = [];
  if (spec.scope) parts.push(spec.scope);
  if (filters !== undefined && !Array.isArray(filters)) throw userError('invalid_query', 'filters must be an array', 400, { field: 'filters' });
  (filters ?? []).forEach((f, i) => parts.push(compileFilter(spec, f, `filters[${i}]`, lookup)));
  if (text !== undefined && text !== null) {
    if (typeof text !== 'string') throw userError('invalid_query', 'text must be a string', 400, { field: 'text' });
    const expr = textExpr(spec);
    for (const term of text.toLowerCase().split(/\s+/).filter(Boolean)) {
      parts.push({ sql: `instr(tessera_lower(${expr}), ?) > 0`, params: [term] });
    }
  }
  return {
    sql: parts.length === 0 ? '1' : parts.map((p) => p.sql).join(' AND '),
    params: parts.flatMap((p) => p.params),
  };
}

interface SortKey {
  expr: string;
  desc: boolean;
  /** Never NULL, so a range bound on it is exact. */
  required: boolean;
}

function compileSort(spec: TableSpec, sort: readonly Sort[] | undefined): { keys: SortKey[]; idDesc: boolean; signature: string } {
  if (sort !== undefined && (!Array.isArray(sort) || sort.length > MAX_SORTS)) {
    throw userError('invalid_query', `sort must be an array of at most ${MAX_SORTS} entries`, 400, { field: 'sort' });
  }
  const keys: SortKey[] = [];
  let idOrder: boolean | null = null;
  (sort ?? []).forEach((s, i) => {
    if (s?.order !== 'asc' && s?.order !== 'desc') {
      throw userError('invalid_query', `sort[${i}].order must be asc or desc`, 400, { field: `sort[${i}].order` });
    }
    // `id` is always the last key (the tie-breaker); sorting by it only sets its direction.
    if (s.field === 'id') idOrder = s.order === 'desc';
    else keys.push({ expr: col(spec, s.field, `sort[${i}].field`), desc: s.order === 'desc', required: spec.requiredFields?.has(s.field) ?? false });
  });
  // Ties follow the direction of the last key, so an index on (field, id) serves the whole ORDER BY either way.
  const idDesc = idOrder ?? keys.at(-1)?.desc ?? false;
  const signature = [...keys.map((k) => `${k.expr}:${k.desc ? 'd' : 'a'}`), `id:${idDesc ? 'd' : 'a'}`].join(',');
  return { keys, idDesc, signature };
}

/** Rows strictly after the cursor position, in the sort order (NULLs sort first ascending, last descending). */
function keysetAfter(keys: readonly SortKey[], idDesc: boolean, values: readonly unknown[]): SqlPart {
  const alternatives: SqlPart[] = [];
  const all: SortKey[] = [...keys, { expr: 'id', desc: idDesc, required: true }];
  all.forEach((key, k) => {
    const v = values[k];
    let after: SqlPart | null;
    if (v === null) after = key.desc ? null : { sql: `${key.expr} IS NOT NULL`, params: [] };
    else if (key.desc) after = { sql: `(${key.expr} < ? OR ${key.expr} IS NULL)`, params: [v] };
    else after = { sql: `${key.expr} > ?`, params: [v] };
    if (!after) return;
    const equal = all.slice(0, k).map((prev, j) => ({ sql: `${prev.expr} IS ?`, params: [values[j]] }));
    const parts = [...equal, after];
    alternatives.push({ sql: `(${parts.map((p) => p.sql).join(' AND ')})`, params: parts.flatMap((p) => p.params) });
  });
  if (alternatives.length === 0) return { sql: '0', params: [] };
  const or = { sql: `(${alternatives.map((a) => a.sql).join(' OR ')})`, params: alternatives.flatMap((a) => a.params) };
  // A redundant range on the first key lets SQLite seek in the index instead of scanning from the start, which
  // keeps deep pages as cheap as the first. It is exact only where NULLs cannot be skipped wrongly.
  const first = all[0]!;
  const v = values[0];
  if (v === null || (first.desc && !first.required)) return or;
  return { sql: `${first.expr} ${first.desc ? '<=' : '>='} ? AND ${or.sql}`, params: [v, ...or.params] };
}

/** Compiles a search into one SELECT that fetches one row more than the page, to know whether a next page exists. */
export function compileSearch(spec: TableSpec, query: Query = {}, lookup?: KeyLookup): CompiledSearch {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw userError('invalid_query', 'limit must be a positive integer', 400, { field: 'limit' });
  const pageSize = Math.min(limit, MAX_LIMIT);
  const where = compileWhere(spec, query.filters, query.text, lookup);
  const { keys, idDesc, signature } = compileSort(spec, query.sort);
  const conditions = [where];
  if (query.cursor) {
    if (typeof query.cursor !== 'string') throw userError('invalid_cursor', 'cursor must be a string', 400, { field: 'cursor' });
    conditions.push(keysetAfter(keys, idDesc, decodeCursor(query.cursor, signature, keys.length + 1).values));
  }
  const select = ['id', 'doc', ...keys.map((k, i) => `${k.expr} AS s${i}`)].join(', ');
  const order = [...keys.map((k) => `${k.expr} ${k.desc ? 'DESC' : 'ASC'}`), `id ${idDesc ? 'DESC' : 'ASC'}`].join(', ');
  return {
    sql: `SELECT ${select} FROM ${spec.table} WHERE ${conditions.map((c) => c.sql).join(' AND ')} ORDER BY ${order} LIMIT ?`,
    params: [...conditions.flatMap((c) => c.params), pageSize + 1],
    limit: pageSize,
    cursorAfter: (row) => encodeCursor({ signature, values: [...keys.map((_, i) => row[`s${i}`] ?? null), row.id] }),
  };
}
