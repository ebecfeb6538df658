/**
 * Plugin config schemas mark fields that hold Tessera expressions with the vendor keyword `"x-tessera"`:
 * `"condition"` (a condition-language string) or `"template"` (a string, or any JSON whose strings are templates).
 * Save-time validation parses them so a typo is reported with its column before the flow ever runs.
 */
import { checkTemplates, parseCondition, ConditionSyntaxError } from '../../condition/index.ts';

/** One problem found in an annotated field; `path` is dotted, relative to the node's config. */
export interface AnnotationProblem {
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

/** Walks `value` alongside `schema` and reports malformed conditions and templates. */
export function checkAnnotatedFields(schema: unknown, value: unknown, path = ''): AnnotationProblem[] {
  if (!isObject(schema)) return [];
  const kind = schema['x-tessera'];
  if (kind === 'condition' && typeof value === 'string') {
    try {
      parseCondition(value);
      return [];
    } catch (e) {
      if (e instanceof ConditionSyntaxError) return [{ path, message: e.message }];
      throw e;
    }
  }
  if (kind === 'template') {
    return checkTemplates(value).map((p) => ({ path: join(path, p.path === '/' ? '' : p.path.slice(1).replaceAll('/', '.')), message: p.message }));
  }
  const problems: AnnotationProblem[] = [];
  if (isObject(value) && !Array.isArray(value)) {
    const props = isObject(schema.properties) ? schema.properties : {};
    for (const [k, v] of Object.entries(value)) {
      const sub = (props as Schema)[k] ?? schema.additionalProperties;
      problems.push(...checkAnnotatedFields(sub, v, join(path, k)));
    }
  } else if (Array.isArray(value) && isObject(schema.items)) {
    value.forEach((v, i) => problems.push(...checkAnnotatedFields(schema.items, v, join(path, String(i)))));
  }
  return problems;
}

function join(a: string, b: string): string {
  return a && b ? `${a}.${b}` : a || b;
}

function isObject(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null;
}
