/**
 * Turns a plugin's config JSON Schema into form fields. The schema is plain JSON Schema (STYLE.md §3), so this
 * understands the common keywords and falls back to a JSON editor for anything richer.
 */

/** A JSON Schema, loosely typed: plugin authors may use any keyword. */
export type JsonSchema = Record<string, unknown>;

/** How a field is edited. */
/** `any`: an untyped value (often a template) — JSON when it parses, else the text itself. */
export type FieldKind = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'enum' | 'string-list' | 'object' | 'object-list' | 'json' | 'any';

/** One field of a generated form. */
export interface FieldSpec {
  /** Dot path from the config root. */
  path: string;
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  placeholder?: string;
  options?: { label: string; value: string | number | boolean }[];
  min?: number;
  max?: number;
  /** Sub-fields of an `object` field, or of each item of an `object-list` (paths relative to the item). */
  fields?: FieldSpec[];
  /** A new item of an `object-list`, with its defaults. */
  itemDefaults?: Record<string, unknown>;
}

const typeOf = (schema: JsonSchema): string | undefined => {
  const t = schema.type;
  if (Array.isArray(t)) return t.find((x) => x !== 'null') as string | undefined;
  return typeof t === 'string' ? t : undefined;
};

/** `httpMethod` / `http_method` → `Http method`, unless the schema has a title. */
export function labelFor(key: string, schema: JsonSchema): string {
  if (typeof schema.title === 'string') return schema.title;
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase().trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The fields of an object schema, in property order. */
export function fieldsOf(schema: JsonSchema, prefix = ''): FieldSpec[] {
  const props = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return Object.entries(props).map(([key, sub]) => fieldOf(key, sub, prefix ? `${prefix}.${key}` : key, required.has(key)));
}

function fieldOf(key: string, schema: JsonSchema, path: string, required: boolean): FieldSpec {
  const base = {
    path, key, label: labelFor(key, schema), required,
    description: typeof schema.description === 'string' ? schema.description : undefined,
    placeholder: Array.isArray(schema.examples) && schema.examples.length ? String(schema.examples[0]) : undefined,
  };
  const values = Array.isArray(schema.enum) ? schema.enum : Array.isArray(schema.oneOf) && schema.oneOf.every((o) => o && typeof o === 'object' && 'const' in o)
    ? (schema.oneOf as { const: unknown; title?: string }[]).map((o) => o.const) : null;
  if (values && values.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
    const titles = Array.isArray(schema.oneOf) ? (schema.oneOf as { const: unknown; title?: string }[]) : [];
    return { ...base, kind: 'enum', options: (values as (string | number | boolean)[]).map((v) => ({ value: v, label: titles.find((t) => t.const === v)?.title ?? String(v) })) };
  }
  const type = typeOf(schema);
  switch (type) {
    case 'string': {
      const long = schema.format === 'textarea' || schema['x-widget'] === 'textarea' || schema['x-tessera'] === 'condition'
        || (typeof schema.maxLength === 'number' ? schema.maxLength > 2000 : false) || /template|body|condition|script|content/i.test(key);
      return { ...base, kind: long ? 'text' : 'string' };
    }
    case 'number':
    case 'integer':
      return { ...base, kind: type, min: num(schema.minimum), max: num(schema.maximum) };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    case 'array': {
      const items = (schema.items ?? {}) as JsonSchema;
      if (typeOf(items) === 'string' && !items.enum) return { ...base, kind: 'string-list' };
      if (typeOf(items) === 'object' && items.properties) {
        return { ...base, kind: 'object-list', fields: fieldsOf(items), itemDefaults: (defaultsOf(items) ?? {}) as Record<string, unknown> };
      }
      return { ...base, kind: 'json' };
    }
    case 'object':
      return schema.properties && !schema.additionalProperties ? { ...base, kind: 'object', fields: fieldsOf(schema, path) } : { ...base, kind: 'json' };
    case undefined:
      return { ...base, kind: schema.anyOf || schema.oneOf ? 'json' : 'any' };
    default:
      return { ...base, kind: 'json' };
  }
}

/** Reads what was typed into an `any` field: JSON when it parses (`42`, `true`, `{"a":1}`), else the text. */
export function parseAny(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Shows a value in an `any` field: strings as they are, everything else as JSON. */
export function showAny(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The errors under `prefix.` with the prefix removed (the errors of one list item). */
export function errorsUnder(errors: Record<string, string>, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) if (path.startsWith(`${prefix}.`)) out[path.slice(prefix.length + 1)] = message;
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** The default value of a schema: its `default`, or an object of its properties' defaults. */
export function defaultsOf(schema: JsonSchema): unknown {
  if ('default' in schema) return structuredClone(schema.default);
  if (typeOf(schema) === 'object' || schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>)) {
      const d = defaultsOf(sub);
      // An object with nothing defaulted inside stays absent, so optional sections are not sent half-filled.
      const emptyObject = d !== null && typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length === 0 && !('default' in sub);
      if (d !== undefined && !emptyObject) out[key] = d;
    }
    return out;
  }
  return undefined;
}

/** The value at a dot path. */
export function getAt(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** A copy of `obj` with `value` at the dot path (`undefined` deletes the key); intermediate objects are created. */
export function setAt<T extends Record<string, unknown>>(obj: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split('.');
  const copy: Record<string, unknown> = { ...obj };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head!];
    else copy[head!] = value;
  } else {
    const child = copy[head!];
    copy[head!] = setAt(child && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : {}, rest.join('.'), value);
  }
  return copy as T;
}
