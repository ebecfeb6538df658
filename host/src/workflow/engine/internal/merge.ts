/** Deep-merges `src` into `dst` (objects merge, everything else replaces), as Tracardi merges flow responses. */
export function deepMerge(dst: Record<string, unknown>, src: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(src)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    const cur = dst[k];
    if (isPlain(v) && isPlain(cur)) deepMerge(cur, v);
    else dst[k] = isPlain(v) ? deepMerge({}, v) : v;
  }
  return dst;
}

/** True for a non-array object. */
export function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `{path, before, after}` for every leaf that differs between two JSON documents. */
export function diffDocs(before: unknown, after: unknown, path = ''): { path: string; before: unknown; after: unknown }[] {
  if (isPlain(before) && isPlain(after)) {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].sort().flatMap((k) => diffDocs(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, before: before ?? null, after: after ?? null }];
}
