/**
 * Compiles the port's Query into Elasticsearch query DSL over the derived keyword fields of
 * `@tessera/migrations/elasticsearch/document.ts`: every filter, on any path, is a keyword query on `tessera_kv`
 * or `tessera_paths`, so filtering never needs a mapped field (and never adds one). Sorting uses the natively
 * mapped fields of the collection's index definition.
 */
import { KV_FIELD, KV_LOWER_FIELD, KV_SEP, PATHS_FIELD, TEXT_FIELD, TAG, encodeScalar } from '@tessera/migrations';
import { userError } from '../../../errors/index.ts';
import { FILTER_OPS, type Filter, type Query, type Sort } from '../../port.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';

const SEGMENT = /^[A-Za-z0-9_@$-]{1,128}$/;
const MAX_LIMIT = 1000;
const DEFAULT_LIMIT = 50;
const MAX_SORTS = 4;
const MAX_IN = 1000;

type Dsl = Record<string, unknown>;

function invalid(field: string, message: string): Error {
  return userError('invalid_query', `${field}: ${message}`, 400, { field });
}

/** Checks a field path like the SQLite adapter does, so both refuse the same paths. */
export function checkPath(field: unknown, where: string): string {
  const segments = typeof field === 'string' ? field.split('.') : [];
  if (segments.length === 0 || segments.length > 16 || !segments.every((s) => SEGMENT.test(s))) {
    throw invalid(where, `"${String(field)}" is not a valid field path (dot-separated letters, digits, _ - @ $)`);
  }
  return field as string;
}

function scalar(value: unknown, where: string, allowNull: boolean): string | number | boolean | null {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value === null && allowNull) return null;
  throw invalid(where, `value must be a string, a finite number or a boolean${allowNull ? ' or null' : ''}`);
}

const term = (path: string, value: unknown): string => `${path}${KV_SEP}${encodeScalar(value)}`;
const escapeWildcard = (s: string): string => s.replace(/[\\*?]/g, (c) => `\\${c}`);

function rangeFor(path: string, op: 'gt' | 'gte' | 'lt' | 'lte', value: string | number): Dsl {
  // Terms of one type share the prefix `path NUL tag`; bounding by the next tag keeps the range inside that type.
  const tag = typeof value === 'number' ? TAG.number : TAG.string;
  const low = `${path}${KV_SEP}${tag}`;
  const high = `${path}${KV_SEP}${String.fromCharCode(tag.charCodeAt(0) + 1)}`;
  const at = term(path, value);
  const bounds = op === 'gt' ? { gt: at, lt: high } : op === 'gte' ? { gte: at, lt: high } : op === 'lt' ? { gte: low, lt: at } : { gte: low, lte: at };
  return { range: { [KV_FIELD]: bounds } };
}

function compileFilter(filter: Filter, where: string): { must?: Dsl; mustNot?: Dsl } {
  if (typeof filter !== 'object' || filter === null) throw invalid(where, 'must be an object');
  const { op, value } = filter;
  if (!(FILTER_OPS as readonly string[]).includes(op)) throw invalid(`${where}.op`, `"${String(op)}" is not one of ${FILTER_OPS.join(', ')}`);
  const path = checkPath(filter.field, `${where}.field`);
  const at = `${where}.value`;
  switch (op) {
    case 'eq':
    case 'ne': {
      const v = scalar(value, at, true);
      // eq null: the field is missing or null (paths list only non-null values). `ne` also matches missing fields.
      const eq: Dsl = v === null ? { bool: { must_not: { term: { [PATHS_FIELD]: path } } } } : { term: { [KV_FIELD]: term(path, v) } };
      return op === 'eq' ? { must: eq } : { mustNot: eq };
    }
    case 'in': {
      if (!Array.isArray(value) || value.length > MAX_IN) throw invalid(at, `must be an array of at most ${MAX_IN} values`);
      if (value.length === 0) return { must: { match_none: {} } };
      return { must: { terms: { [KV_FIELD]: value.map((v, i) => term(path, scalar(v, `${at}[${i}]`, false))) } } };
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) throw invalid(at, `${op} needs a string or a finite number`);
      return { must: rangeFor(path, op, value) };
    case 'exists': {
      if (value !== undefined && typeof value !== 'boolean') throw invalid(at, 'exists takes true, false or nothing');
      const has: Dsl = { term: { [PATHS_FIELD]: path } };
      return value === false ? { mustNot: has } : { must: has };
    }
    case 'contains':
      if (typeof value !== 'string') throw invalid(at, 'contains needs a string');
      return { must: { wildcard: { [KV_LOWER_FIELD]: { value: `${escapeWildcard(path)}${KV_SEP}*${escapeWildcard(value.toLowerCase())}*` } } } };
    case 'prefix':
      if (typeof value !== 'string') throw invalid(at, 'prefix needs a string');
      return { must: { prefix: { [KV_FIELD]: `${path}${KV_SEP}${TAG.string}${value}` } } };
  }
}

/** The `bool` query of filters and free text, plus a fixed scope (e.g. the configuration kind). */
export function compileQuery(filters: readonly Filter[] | undefined, text: string | undefined, scope: Dsl[] = []): Dsl {
  const must: Dsl[] = [...scope];
  const mustNot: Dsl[] = [];
  if (filters !== undefined && !Array.isArray(filters)) throw invalid('filters', 'must be an array');
  (filters ?? []).forEach((f, i) => {
    const c = compileFilter(f, `filters[${i}]`);
    if (c.must) must.push(c.must);
    if (c.mustNot) mustNot.push(c.mustNot);
  });
  if (text !== undefined && text !== null) {
    if (typeof text !== 'string') throw invalid('text', 'must be a string');
    // Every word must be a substring of some text value (values are stored lowercased), as in the SQLite adapter.
    for (const word of text.toLowerCase().split(/\s+/).filter(Boolean)) {
      must.push({ wildcard: { [TEXT_FIELD]: { value: `*${escapeWildcard(word)}*` } } });
    }
  }
  return { bool: { filter: must, must_not: mustNot } };
}

/** A compiled search request body plus what is needed to build the next cursor. */
export interface CompiledSearch {
  body: Dsl;
  limit: number;
  cursorAfter(sortValues: unknown[]): string;
}

function compileSort(sort: readonly Sort[] | undefined, sortable: ReadonlySet<string>): { keys: Dsl[]; signature: string } {
  if (sort !== undefined && (!Array.isArray(sort) || sort.length > MAX_SORTS)) throw invalid('sort', `must be an array of at most ${MAX_SORTS} entries`);
  const keys: Dsl[] = [];
  let idOrder: 'asc' | 'desc' | null = null;
  const sig: string[] = [];
  (sort ?? []).forEach((s, i) => {
    if (s?.order !== 'asc' && s?.order !== 'desc') throw invalid(`sort[${i}].order`, 'must be asc or desc');
    const field = checkPath(s.field, `sort[${i}].field`);
    if (field === 'id') {
      idOrder = s.order;
      return;
    }
    if (!sortable.has(field)) throw invalid(`sort[${i}].field`, `"${field}" is not sortable here; sortable fields: ${[...sortable].join(', ')}`);
    // Missing values first ascending and last descending, as SQLite orders NULLs.
    keys.push({ [field]: { order: s.order, missing: s.order === 'asc' ? '_first' : '_last', unmapped_type: 'keyword' } });
    sig.push(`${field}:${s.order}`);
  });
  // Ties follow the last key's direction unless the sort names `id` itself (the port's rule).
  const last = (sort ?? []).filter((s) => s.field !== 'id').at(-1);
  const tie = idOrder ?? last?.order ?? 'asc';
  keys.push({ id: { order: tie } });
  sig.push(`id:${tie}`);
  return { keys, signature: sig.join(',') };
}

/** Compiles a search: fetches one hit more than the page to know whether a next page exists. */
export function compileSearch(query: Query, sortable: ReadonlySet<string>, scope: Dsl[] = []): CompiledSearch {
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw invalid('limit', 'must be a positive integer');
  const size = Math.min(limit, MAX_LIMIT);
  const { keys, signature } = compileSort(query.sort, sortable);
  const body: Dsl = { query: compileQuery(query.filters, query.text, scope), sort: keys, size: size + 1, track_total_hits: false };
  if (query.cursor !== undefined && query.cursor !== null) {
    if (typeof query.cursor !== 'string') throw userError('invalid_cursor', 'cursor must be a string', 400, { field: 'cursor' });
    body.search_after = decodeCursor(query.cursor, signature, keys.length);
  }
  return { body, limit: size, cursorAfter: (values) => encodeCursor(signature, values) };
}

/** Fields the free-text search reads, per collection. */
export type TextPaths = readonly string[];
