import type { PathSource } from './ast.ts';

/** The objects a condition or template can read: `profile@…` reads `profile`, and so on. */
export type ConditionContext = Partial<Record<PathSource, unknown>>;

/** Reads `path` (segments) from `root`; array elements by numeric segment. Missing → undefined. */
export function readPath(root: unknown, path: readonly string[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(cur, seg)) return undefined;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

/**
 * Writes `value` at `path` inside `root`, creating objects on the way. Returns false (and writes nothing) when the
 * path crosses a non-object or uses a prototype-polluting segment.
 */
export function writePath(root: Record<string, unknown>, path: readonly string[], value: unknown): boolean {
  if (path.length === 0 || path.some((s) => UNSAFE.has(s))) return false;
  let cur: Record<string, unknown> = root;
  for (const seg of path.slice(0, -1)) {
    const next = cur[seg];
    if (next === undefined || next === null) {
      const created: Record<string, unknown> = {};
      cur[seg] = created;
      cur = created;
    } else if (typeof next === 'object') {
      cur = next as Record<string, unknown>;
    } else {
      return false;
    }
  }
  cur[path[path.length - 1]] = value;
  return true;
}

/** Deletes the value at `path`; false when nothing was there. */
export function deletePath(root: Record<string, unknown>, path: readonly string[]): boolean {
  if (path.length === 0) return false;
  const parent = readPath(root, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return false;
  const key = path[path.length - 1];
  if (!Object.prototype.hasOwnProperty.call(parent, key)) return false;
  if (Array.isArray(parent) && /^\d+$/.test(key)) parent.splice(Number(key), 1);
  else delete (parent as Record<string, unknown>)[key];
  return true;
}

/** Reads the documents of a scope from its plugin context, only when a path names them (see {@link scopeOf}). */
class CallScope {
  readonly #ctx: { readonly profile?: unknown; readonly event?: unknown; readonly session?: unknown };
  readonly payload: unknown;
  constructor(ctx: { readonly profile?: unknown; readonly event?: unknown; readonly session?: unknown }, payload: unknown) {
    this.#ctx = ctx;
    this.payload = payload;
  }
  get profile(): unknown { return this.#ctx.profile; }
  get event(): unknown { return this.#ctx.event; }
  get session(): unknown { return this.#ctx.session; }
}

/**
 * The condition and template context of a plugin call: the payload, and the profile, event and session read from
 * `ctx` only when a path names them. The sandbox parses each document on first read, so a template that never looks at
 * the session costs nothing for it, and needs no permission to read it.
 */
export function scopeOf(ctx: { readonly profile?: unknown; readonly event?: unknown; readonly session?: unknown }, payload: unknown): ConditionContext {
  return new CallScope(ctx, payload) as ConditionContext;
}
