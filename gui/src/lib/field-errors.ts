/**
 * Turns the `details` of an API validation error into `{ fieldPath: message }`, so forms can show each message at
 * its field. Accepts the shapes Tessera and Fastify produce: a list of `{ path | instancePath | field, message }`,
 * `{ fields: [...] }` (Tessera's validation answer), `{ errors: [...] }`, `{ field }` naming the field the error's
 * `message` is about, or a plain `{ field: message }` map. Paths are normalised to dots (`/a/0/b` → `a.0.b`).
 */
export function fieldErrors(details: unknown, message?: string): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (path: unknown, message: unknown): void => {
    if (typeof message !== 'string') return;
    const key = normalisePath(typeof path === 'string' ? path : '');
    if (!(key in out)) out[key] = message;
  };
  const list = detailList(details);
  if (list) {
    for (const item of list) {
      if (!item || typeof item !== 'object') continue;
      const i = item as Record<string, unknown>;
      add(i.path ?? i.instancePath ?? i.field ?? i.pointer ?? '', i.message);
    }
    return out;
  }
  if (details && typeof details === 'object') {
    const d = details as Record<string, unknown>;
    if (typeof d.path === 'string' || typeof d.field === 'string') {
      // `{ field: 'email' }` names the field the error's own message is about.
      add(d.path ?? d.field, typeof d.message === 'string' ? d.message : message);
      return out;
    }
    for (const [key, value] of Object.entries(d)) add(key, value);
  }
  return out;
}

/** The list inside error details: the details themselves, or their `fields` / `errors` array (Tessera uses `fields`). */
export function detailList(details: unknown): unknown[] | null {
  if (Array.isArray(details)) return details;
  if (details && typeof details === 'object') {
    const d = details as { fields?: unknown; errors?: unknown };
    if (Array.isArray(d.fields)) return d.fields;
    if (Array.isArray(d.errors)) return d.errors;
  }
  return null;
}

/** `/body/name` or `body.name` or `["a"][0]` → `name` / `a.0`: the form-relative dot path. */
export function normalisePath(path: string): string {
  return path
    .replace(/\[(\d+|"[^"]*"|'[^']*')\]/g, (_, p: string) => `.${p.replace(/^["']|["']$/g, '')}`)
    .replace(/\//g, '.')
    .replace(/^\.+/, '')
    .replace(/^body\./, '')
    .replace(/\.+$/, '');
}

/**
 * The message to show above a form's buttons: none when every field error sits at a field the form draws (the
 * message is already there), else the error's own message so nothing is silently lost.
 */
export function formMessage(errors: Record<string, string>, drawn: readonly string[], message: string): string | null {
  const keys = Object.keys(errors);
  const placed = (k: string) => drawn.some((d) => k === d || k.startsWith(`${d}.`));
  return keys.length > 0 && keys.every(placed) ? null : message;
}
