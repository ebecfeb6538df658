import { ConditionSyntaxError } from './ast.ts';
import { parsePath } from './parser.ts';

/** Where a value can be written by a plugin: the payload, event properties, profile traits or PII. */
export interface WritableTarget {
  root: 'payload' | 'event' | 'profile';
  /** Segments inside the root, e.g. `['traits', 'plan']` for `profile@traits.plan`. */
  path: string[];
  /** The same path dotted, as patch builders take it (`traits.plan`). */
  dotted: string;
}

const WRITABLE: Record<string, string[] | null> = { payload: null, event: ['properties'], profile: ['traits', 'pii'] };

/**
 * Parses a path a plugin may write to: `payload@…`, `event@properties.…`, `profile@traits.…` or `profile@pii.…`.
 * Anything else (ids, metadata, segments) is refused, so a misconfigured node cannot corrupt system fields.
 */
export function parseWritableTarget(text: string): WritableTarget {
  const p = parsePath(text);
  const allowed = WRITABLE[p.source];
  if (allowed === undefined) throw new ConditionSyntaxError(`cannot write to '${p.text}': use payload@…, event@properties.…, profile@traits.… or profile@pii.…`, 1);
  if (allowed === null) {
    if (p.path.length === 0) throw new ConditionSyntaxError(`'${p.text}' names the whole payload; name a field, e.g. payload@result`, 1);
  } else if (p.path.length < 2 || !allowed.includes(p.path[0])) {
    throw new ConditionSyntaxError(`cannot write to '${p.text}': under ${p.source}@ only ${allowed.map((a) => `${p.source}@${a}.…`).join(' and ')} can be written`, 1);
  }
  return { root: p.source as WritableTarget['root'], path: p.path, dotted: p.path.join('.') };
}
