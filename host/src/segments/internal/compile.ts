/** Parsing and checking segment conditions; evaluating them against a profile. */
import { evaluate, parseConditionOrThrow, type Expr, type Operand } from '../../condition/index.ts';
import { userError } from '../../errors/index.ts';
import type { Profile } from '../../storage/index.ts';

function operands(expr: Expr): Operand[] {
  switch (expr.kind) {
    case 'and':
    case 'or': return [...operands(expr.left), ...operands(expr.right)];
    case 'not': return operands(expr.expr);
    case 'compare': return [expr.left, expr.right];
    case 'between': return [expr.subject, expr.low, expr.high];
    case 'contains':
    case 'starts':
    case 'ends': return [expr.subject, expr.value];
    default: return [expr.subject];
  }
}

/**
 * Parses a segment condition, or throws 422 `invalid_condition` naming the field and column. A segment is about the
 * profile alone (the batch job has no event or session), so every path must start with `profile@`.
 */
export function compileSegmentCondition(condition: string, field = 'condition'): Expr {
  const expr = parseConditionOrThrow(condition, field);
  for (const o of operands(expr)) {
    if (o.kind === 'path' && o.source !== 'profile') {
      const reason = `segments read the profile only: use profile@..., not ${o.text}`;
      throw userError('invalid_condition', `${field}: ${reason} (column ${o.column})`, 422, { field, column: o.column, reason });
    }
  }
  return expr;
}

/** True when the profile meets the condition. */
export function matches(expr: Expr, profile: Profile): boolean {
  return evaluate(expr, { profile });
}

/** A compiled, enabled segment. */
export interface CompiledSegment {
  id: string;
  name: string;
  expr: Expr;
}

/**
 * The profile's segment list after evaluating `segments`: a segment's name is added when its condition holds and
 * removed when it does not; names no evaluated segment owns (added by the add-segment plugin) are left alone.
 * Null when nothing changes.
 */
export function applySegments(profile: Profile, segments: readonly CompiledSegment[], strip: readonly string[] = []): string[] | null {
  let list = profile.segments.filter((s) => !strip.includes(s));
  for (const segment of segments) {
    const inside = matches(segment.expr, profile);
    const has = list.includes(segment.name);
    if (inside && !has) list = [...list, segment.name];
    else if (!inside && has) list = list.filter((s) => s !== segment.name);
  }
  const changed = list.length !== profile.segments.length || list.some((s, i) => s !== profile.segments[i]);
  return changed ? list : null;
}
