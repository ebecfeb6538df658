/**
 * Deep copy of document data. Documents are JSON-shaped (plain objects, arrays, primitives), and copying those by hand
 * is several times cheaper than `structuredClone`, which the workflow engine would otherwise pay for every node that
 * writes; anything else (a Date, a Map) is still copied by `structuredClone`.
 */
export function cloneData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneData(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = proto === null ? Object.create(null) : {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    // Own "__proto__" keys (from JSON.parse) must stay data, not become the copy's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: cloneData(v), enumerable: true, writable: true, configurable: true });
    else out[key] = cloneData(v);
  }
  return out as T;
}
