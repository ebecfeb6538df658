/** The syntax tree of a parsed condition. Plain JSON-safe objects, so a tree can cross the sandbox boundary. */

/** Roots a dot path can start from (`profile@traits.x`). */
export const PATH_SOURCES = ['profile', 'event', 'session', 'payload', 'flow', 'memory'] as const;
/** One root a dot path can start from. */
export type PathSource = (typeof PATH_SOURCES)[number];

/** A reference into the evaluation context, e.g. `profile@traits.plan`; an empty `path` means the whole object. */
export interface PathNode {
  kind: 'path';
  source: PathSource;
  path: string[];
  /** The path as written, for messages. */
  text: string;
  column: number;
}

/** A literal value. ISO dates are kept as epoch milliseconds with `date: true`. */
export interface LiteralNode {
  kind: 'literal';
  value: string | number | boolean | null;
  date?: true;
  column: number;
}

/** Either side of a comparison. */
export type Operand = PathNode | LiteralNode;

/** Comparison operators (`=` is accepted and stored as `==`). */
export type CompareOp = '==' | '!=' | '>' | '<' | '>=' | '<=';

/** A boolean expression. */
export type Expr =
  | { kind: 'and'; left: Expr; right: Expr }
  | { kind: 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand }
  | { kind: 'between'; subject: Operand; low: Operand; high: Operand }
  | { kind: 'exists'; subject: Operand; negate: boolean }
  | { kind: 'null'; subject: Operand; negate: boolean }
  | { kind: 'contains' | 'starts' | 'ends'; subject: Operand; value: Operand; negate: boolean }
  | { kind: 'truthy'; subject: Operand };

/** A parse failure; `column` is 1-based and names where the text stopped making sense. */
export class ConditionSyntaxError extends Error {
  /** Stable code, so the host can recognise copies that lost their class. */
  readonly code = 'condition_syntax';
  readonly column: number;
  /** The message without the column suffix. */
  readonly reason: string;

  constructor(reason: string, column: number) {
    super(`${reason} (column ${column})`);
    this.name = 'ConditionSyntaxError';
    this.column = column;
    this.reason = reason;
  }
}
