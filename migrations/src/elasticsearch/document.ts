/**
 * How a Tessera document is laid out in Elasticsearch, shared by the adapter (which writes it) and by migrations
 * (which may rewrite documents while reindexing).
 *
 * Free-form parts of a document (`traits`, `context`, `properties`, configuration bodies, ...) are never mapped
 * field by field: a site that sends thousands of distinct cookie names in `context` would otherwise hit the
 * 1000-field limit and every later write would fail (Tracardi #215). Instead every leaf of the document is encoded
 * as one keyword term `path NUL tag value` in {@link KV_FIELD} and every path (and each of its parents) in
 * {@link PATHS_FIELD}. Two keyword fields hold any number of keys; exact, range, prefix and substring filters all
 * become keyword queries. Numbers are encoded so that their lexical order is their numeric order.
 */

/** Keyword field holding one `path\0<tag><value>` term per leaf value. */
export const KV_FIELD = 'tessera_kv';
/** Keyword field holding `path\0<lowercased string>` per string leaf, for case-insensitive substring filters. */
export const KV_LOWER_FIELD = 'tessera_kvl';
/** Keyword field holding every path that has a non-null value, and all of that path's parents. */
export const PATHS_FIELD = 'tessera_paths';
/** Keyword field with the lowercased text values free-text search (`Query.text`) looks into, by substring. */
export const TEXT_FIELD = 'tessera_text';
/** Keyword field with the configuration kind of a document in the shared configuration index. */
export const KIND_FIELD = 'tessera_kind';
/** Fields the adapter adds to a document; they are removed again when reading. */
export const DERIVED_FIELDS = [KV_FIELD, KV_LOWER_FIELD, PATHS_FIELD, TEXT_FIELD, KIND_FIELD] as const;
/** Separator between a path and its encoded value inside a {@link KV_FIELD} term. */
export const KV_SEP = '\u0000';
/** Values longer than this are stored but not filterable (a keyword term is limited to 32 KB). */
export const KV_MAX_CHARS = 2048;

/** Type tags: terms of one path sort first by type, then by value. */
export const TAG = { null: 'z', boolean: 'b', number: 'n', string: 's' } as const;

/** A 16-hex-digit string whose lexical order equals the numeric order of `n` (IEEE-754 bits, sign-flipped). */
export function encodeNumber(n: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n === 0 ? 0 : n); // -0 and 0 are one value
  let bits = view.getBigUint64(0);
  bits = bits & (1n << 63n) ? ~bits & 0xffffffffffffffffn : bits | (1n << 63n);
  return bits.toString(16).padStart(16, '0');
}

/** The {@link KV_FIELD} term for a scalar value at `path`, or null when the value cannot be encoded. */
export function kvTerm(path: string, value: unknown): string | null {
  const encoded = encodeScalar(value);
  return encoded === null ? null : path + KV_SEP + encoded;
}

/** `<tag><value>` for a scalar, or null for objects/arrays. */
export function encodeScalar(value: unknown): string | null {
  if (value === null) return TAG.null;
  switch (typeof value) {
    case 'boolean': return TAG.boolean + String(value);
    case 'number': return Number.isFinite(value) ? TAG.number + encodeNumber(value) : null;
    case 'string': return TAG.string + value;
    default: return null;
  }
}

/** The derived search fields of one document. */
export interface Derived {
  [KV_FIELD]: string[];
  [KV_LOWER_FIELD]: string[];
  [PATHS_FIELD]: string[];
  [TEXT_FIELD]?: string[];
}

/**
 * Computes the derived fields of a document (arrays contribute each element under the array's path).
 * `textPaths` names the top-level parts whose strings and numbers feed free-text search; `*` means all of them.
 */
export function derive(doc: Record<string, unknown>, textPaths: readonly string[] = []): Derived {
  const kv = new Set<string>();
  const lower = new Set<string>();
  const paths = new Set<string>();
  const text = new Set<string>();
  const all = textPaths.includes('*');
  const walk = (value: unknown, path: string, inText: boolean): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item, path, inText);
      return;
    }
    if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
        if (child === undefined) continue;
        const childPath = path === '' ? key : `${path}.${key}`;
        walk(child, childPath, inText || all || textPaths.includes(childPath));
      }
      return;
    }
    if (value === undefined || path === '') return;
    const encoded = encodeScalar(value);
    if (encoded === null) return;
    if (value !== null) addPaths(paths, path);
    if (encoded.length <= KV_MAX_CHARS) kv.add(path + KV_SEP + encoded);
    // Lowercased in JavaScript: Lucene's case-insensitive wildcard folds ASCII only, the SQLite adapter folds Unicode.
    if (typeof value === 'string' && value.length <= KV_MAX_CHARS) lower.add(path + KV_SEP + value.toLowerCase());
    if (inText && (typeof value === 'string' || typeof value === 'number')) text.add(String(value).toLowerCase().slice(0, KV_MAX_CHARS));
  };
  walk(doc, '', false);
  const derived: Derived = { [KV_FIELD]: [...kv], [KV_LOWER_FIELD]: [...lower], [PATHS_FIELD]: [...paths] };
  if (textPaths.length > 0) derived[TEXT_FIELD] = [...text];
  return derived;
}

function addPaths(paths: Set<string>, path: string): void {
  let p = path;
  for (;;) {
    paths.add(p);
    const dot = p.lastIndexOf('.');
    if (dot < 0) return;
    p = p.slice(0, dot);
  }
}

/** A document as written to Elasticsearch: the entity plus its derived fields. */
export function toSource(doc: Record<string, unknown>, textPaths: readonly string[] = []): Record<string, unknown> {
  return { ...doc, ...derive(doc, textPaths) };
}

/** The entity back from an Elasticsearch `_source` (derived fields removed). */
export function fromSource<T>(source: Record<string, unknown>): T {
  const copy: Record<string, unknown> = { ...source };
  for (const f of DERIVED_FIELDS) delete copy[f];
  return copy as T;
}
