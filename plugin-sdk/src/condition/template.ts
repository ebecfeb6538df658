import { ConditionSyntaxError, type PathNode } from './ast.ts';
import { parsePath } from './parser.ts';
import { readPath, type ConditionContext } from './path.ts';

/** A parsed template: literal text and `{{path}}` holes, in order. */
export type TemplatePart = { kind: 'text'; text: string } | PathNode;

/** Parses `Hello {{profile@pii.name}}`; an unclosed or malformed hole throws naming its column. */
export function parseTemplate(src: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      parts.push({ kind: 'text', text: src.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: 'text', text: src.slice(i, open) });
    const close = src.indexOf('}}', open + 2);
    if (close < 0) throw new ConditionSyntaxError("'{{' is never closed with '}}'", open + 1);
    const inner = src.slice(open + 2, close);
    const lead = inner.length - inner.trimStart().length;
    if (inner.trim() === '') throw new ConditionSyntaxError('empty {{ }} in template', open + 1);
    parts.push(parsePath(inner.trim(), open + 3 + lead));
    i = close + 2;
  }
  return parts;
}

/** True when the string contains at least one `{{…}}` hole. */
export function hasTemplate(src: string): boolean {
  return src.includes('{{');
}

const cache = new Map<string, TemplatePart[]>();

function parsed(src: string): TemplatePart[] {
  let parts = cache.get(src);
  if (!parts) {
    parts = parseTemplate(src);
    if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
    cache.set(src, parts);
  }
  return parts;
}

function read(part: PathNode, ctx: ConditionContext): unknown {
  return part.path.length === 0 ? ctx[part.source] : readPath(ctx[part.source], part.path);
}

/**
 * Renders a template. A string that is exactly one hole (`{{profile@traits}}`) yields the value itself, keeping its
 * type; otherwise holes are interpolated (missing → empty string, objects → JSON).
 */
export function renderTemplate(src: string, ctx: ConditionContext): unknown {
  if (!hasTemplate(src)) return src;
  const parts = parsed(src);
  if (parts.length === 1 && parts[0].kind === 'path') return read(parts[0], ctx);
  let out = '';
  for (const part of parts) {
    if (part.kind === 'text') { out += part.text; continue; }
    const v = read(part, ctx);
    out += v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  return out;
}

/** Renders every string inside a JSON value (object keys stay as written). */
export function reshape(value: unknown, ctx: ConditionContext): unknown {
  if (typeof value === 'string') return renderTemplate(value, ctx);
  if (Array.isArray(value)) return value.map((v) => reshape(v, ctx));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = reshape(v, ctx);
    return out;
  }
  return value;
}

/** Checks every template inside a JSON value; returns `{path, message}` per malformed string (path is a JSON pointer). */
export function checkTemplates(value: unknown, pointer = ''): { path: string; message: string }[] {
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return [];
    try { parseTemplate(value); return []; } catch (e) { return [{ path: pointer || '/', message: (e as Error).message }]; }
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => checkTemplates(v, `${pointer}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => checkTemplates(v, `${pointer}/${k}`));
  }
  return [];
}
