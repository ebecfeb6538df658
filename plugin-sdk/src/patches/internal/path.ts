// Segments that would reach an object's prototype instead of its own data.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const SEGMENT = /^[A-Za-z0-9_$@:-]{1,128}$/;

// Checked paths, since every patch's path is checked when a plugin returns it and again when it is applied. The values
// are frozen and only this module's callers see them; a few hundred distinct paths cover any installation.
const parsed = new Map<string, readonly string[]>();
const PARSED_LIMIT = 1000;

/** Splits a dot path, or returns why it is not acceptable. The segments are frozen: do not modify them. */
export function parsePath(path: unknown): readonly string[] | string {
  if (typeof path !== 'string' || path.length === 0) return 'the path must be a non-empty string';
  const known = parsed.get(path);
  if (known) return known;
  if (path.length > 512) return 'the path is longer than 512 characters';
  const parts = path.split('.');
  for (const part of parts) {
    if (FORBIDDEN.has(part)) return `the path segment "${part}" is not allowed`;
    if (!SEGMENT.test(part)) return `the path segment "${part}" is invalid (letters, digits, _ $ @ : - only)`;
  }
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  parsed.set(path, Object.freeze(parts));
  return parts;
}

/** Own-property read that never follows the prototype chain. */
export function getOwn(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined;
  return Object.prototype.hasOwnProperty.call(obj, key) ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Structural equality of JSON values, for append/remove. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as never)[k], (b as never)[k]));
}
