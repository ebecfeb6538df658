// Segments that would reach an object's prototype instead of its own data.
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);
const SEGMENT = /^[A-Za-z0-9_$@:-]{1,128}$/;

/** Splits a dot path, or returns why it is not acceptable. */
export function parsePath(path: unknown): string[] | string {
  if (typeof path !== 'string' || path.length === 0) return 'the path must be a non-empty string';
  if (path.length > 512) return 'the path is longer than 512 characters';
  const parts = path.split('.');
  for (const part of parts) {
    if (FORBIDDEN.has(part)) return `the path segment "${part}" is not allowed`;
    if (!SEGMENT.test(part)) return `the path segment "${part}" is invalid (letters, digits, _ $ @ : - only)`;
  }
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
