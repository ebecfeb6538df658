import type { Expr, Operand } from './ast.ts';
import { readPath, type ConditionContext } from './path.ts';
import { parseCondition } from './parser.ts';

/**
 * Evaluates a parsed condition. Semantics, chosen to be unsurprising on messy customer data:
 * - a missing path reads as `undefined`; `EXISTS` is true when the path resolves to anything, `IS NULL` when it is
 *   missing or null, and a missing value equals `null`;
 * - ordering (`> < >= <= BETWEEN`) compares numbers numerically (numeric strings included), ISO dates by time when
 *   either side is a date literal, strings lexically; anything else is false;
 * - `==` on arrays/objects is deep equality; `!=` is its negation;
 * - `CONTAINS` is a substring test on strings, membership on arrays and key presence on objects;
 *   `STARTS WITH`/`ENDS WITH` apply to strings only.
 */
export function evaluate(expr: Expr, ctx: ConditionContext): boolean {
  switch (expr.kind) {
    case 'and': return evaluate(expr.left, ctx) && evaluate(expr.right, ctx);
    case 'or': return evaluate(expr.left, ctx) || evaluate(expr.right, ctx);
    case 'not': return !evaluate(expr.expr, ctx);
    case 'truthy': return truthy(value(expr.subject, ctx));
    case 'exists': return (value(expr.subject, ctx) !== undefined) !== expr.negate;
    case 'null': return (value(expr.subject, ctx) == null) !== expr.negate;
    case 'compare': {
      const a = value(expr.left, ctx);
      const b = value(expr.right, ctx);
      const asDate = isDate(expr.left) || isDate(expr.right);
      if (expr.op === '==') return equal(a, b, asDate);
      if (expr.op === '!=') return !equal(a, b, asDate);
      const c = order(a, b, asDate);
      if (c === undefined) return false;
      return expr.op === '>' ? c > 0 : expr.op === '<' ? c < 0 : expr.op === '>=' ? c >= 0 : c <= 0;
    }
    case 'between': {
      const v = value(expr.subject, ctx);
      const asDate = isDate(expr.subject) || isDate(expr.low) || isDate(expr.high);
      const lo = order(v, value(expr.low, ctx), asDate);
      const hi = order(v, value(expr.high, ctx), asDate);
      return lo !== undefined && hi !== undefined && lo >= 0 && hi <= 0;
    }
    case 'contains': return contains(value(expr.subject, ctx), value(expr.value, ctx)) !== expr.negate;
    case 'starts':
    case 'ends': {
      const s = value(expr.subject, ctx);
      const v = value(expr.value, ctx);
      if (typeof s !== 'string' || (typeof v !== 'string' && typeof v !== 'number')) return expr.negate;
      const hit = expr.kind === 'starts' ? s.startsWith(String(v)) : s.endsWith(String(v));
      return hit !== expr.negate;
    }
  }
}

const cache = new Map<string, Expr>();
const CACHE_LIMIT = 500;

/** Parses (with a small cache, since flows evaluate the same few conditions on every event) and evaluates. */
export function evaluateCondition(condition: string, ctx: ConditionContext): boolean {
  let expr = cache.get(condition);
  if (!expr) {
    expr = parseCondition(condition);
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
    cache.set(condition, expr);
  }
  return evaluate(expr, ctx);
}

function value(o: Operand, ctx: ConditionContext): unknown {
  if (o.kind === 'literal') return o.value;
  return o.path.length === 0 ? ctx[o.source] : readPath(ctx[o.source], o.path);
}

function isDate(o: Operand): boolean {
  return o.kind === 'literal' && o.date === true;
}

function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

function toTime(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}/.test(v)) {
    const ms = Date.parse(v.length === 10 ? v + 'T00:00:00Z' : v);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isNaN(v) ? undefined : v;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Negative, zero or positive when the two are comparable; undefined when they are not. */
function order(a: unknown, b: unknown, asDate: boolean): number | undefined {
  if (asDate) {
    const x = toTime(a);
    const y = toTime(b);
    return x === undefined || y === undefined ? undefined : x - y;
  }
  if (typeof a === 'number' || typeof b === 'number') {
    const x = toNumber(a);
    const y = toNumber(b);
    return x === undefined || y === undefined ? undefined : x - y;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return undefined;
}

function equal(a: unknown, b: unknown, asDate: boolean): boolean {
  if (a == null || b == null) return a == null && b == null;
  if (typeof a === 'object' || typeof b === 'object') return deepEqual(a, b);
  const c = order(a, b, asDate);
  return c === undefined ? a === b : c === 0;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') return needle != null && typeof needle !== 'object' && haystack.includes(String(needle));
  if (Array.isArray(haystack)) return haystack.some((item) => equal(item, needle, false));
  if (haystack !== null && typeof haystack === 'object' && typeof needle === 'string') {
    return Object.prototype.hasOwnProperty.call(haystack, needle);
  }
  return false;
}
