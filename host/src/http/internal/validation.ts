/** Turns Ajv errors from Fastify validation into field paths a client can act on. */

/** The subset of an Ajv error we read. */
export interface AjvLikeError {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/** One failing field: where it is (`body`, `querystring`, `params`, `headers`), its dot path, and what is wrong. */
export interface FieldProblem {
  in: string;
  path: string;
  message: string;
}

/** `/events/0/type` → `events.0.type`; required/additional property errors point at the property itself. */
export function fieldProblem(e: AjvLikeError, where: string): FieldProblem {
  const segments = (e.instancePath ?? '').split('/').filter(Boolean).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const p = e.params ?? {};
  if (e.keyword === 'required' && typeof p.missingProperty === 'string') segments.push(p.missingProperty);
  if (e.keyword === 'additionalProperties' && typeof p.additionalProperty === 'string') segments.push(p.additionalProperty);
  const path = segments.join('.');
  let message = e.message ?? 'is invalid';
  if (e.keyword === 'required') message = 'is required';
  else if (e.keyword === 'additionalProperties') message = 'is not an allowed property';
  return { in: where, path, message };
}

/** Drops duplicates (unions report the same path once per branch) while keeping order. */
export function uniqueProblems(list: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return list.filter((f) => {
    const k = `${f.in}|${f.path}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
