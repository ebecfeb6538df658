import { ConditionSyntaxError, type CompareOp, type Expr, type Operand, type PathSource } from './ast.ts';
import { tokenize, type Token } from './lexer.ts';

/**
 * Parses a condition into a tree. Grammar (keywords are case-insensitive):
 *
 *   expr      := and (OR and)*
 *   and       := unary (AND unary)*
 *   unary     := NOT unary | '(' expr ')' | predicate
 *   predicate := operand [ cmp operand | BETWEEN operand AND operand | [NOT] EXISTS | IS [NOT] NULL
 *                          | [NOT] CONTAINS operand | [NOT] STARTS WITH operand | [NOT] ENDS WITH operand ]
 *   operand   := path | string | number | date | TRUE | FALSE | NULL
 *
 * A bare operand tests truthiness. Throws {@link ConditionSyntaxError} naming the column.
 */
export function parseCondition(src: string): Expr {
  if (typeof src !== 'string' || src.trim() === '') throw new ConditionSyntaxError('empty condition', 1);
  const p = new Parser(tokenize(src));
  const expr = p.expr();
  const t = p.peek();
  if (t.kind !== 'eof') throw new ConditionSyntaxError(`unexpected ${describe(t)}, expected AND, OR or end of condition`, t.column);
  return expr;
}

/** Parses one dot path such as `profile@traits.x` (used by templates and path-valued plugin configs). */
export function parsePath(text: string, column = 1): Operand & { kind: 'path' } {
  if (!text.includes('@')) throw new ConditionSyntaxError(`'${text.trim()}' is not a dot path like profile@traits.x`, column);
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (e) {
    if (e instanceof ConditionSyntaxError) throw new ConditionSyntaxError(e.reason, e.column + column - 1);
    throw e;
  }
  if (tokens.length !== 2 || tokens[0].kind !== 'path') {
    throw new ConditionSyntaxError(`'${text.trim()}' is not a dot path like profile@traits.x`, column);
  }
  return toPath(tokens[0], column - 1);
}

const CMP = new Set(['==', '!=', '>', '<', '>=', '<=']);

class Parser {
  private i = 0;
  private readonly tokens: Token[];

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)];
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private isWord(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'word' && t.value === word;
  }

  private expectWord(word: string): void {
    const t = this.next();
    if (t.kind !== 'word' || t.value !== word) throw new ConditionSyntaxError(`expected ${word}, found ${describe(t)}`, t.column);
  }

  expr(): Expr {
    let left = this.and();
    while (this.isWord('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.unary();
    while (this.isWord('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Expr {
    if (this.isWord('NOT')) {
      this.next();
      return { kind: 'not', expr: this.unary() };
    }
    const t = this.peek();
    if (t.kind === 'lparen') {
      this.next();
      const inner = this.expr();
      const close = this.next();
      if (close.kind !== 'rparen') throw new ConditionSyntaxError(`expected ')' to close the '(' at column ${t.column}, found ${describe(close)}`, close.column);
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Expr {
    const subject = this.operand();
    const t = this.peek();
    if (t.kind === 'op') {
      if (!CMP.has(t.value)) throw new ConditionSyntaxError(`unknown operator '${t.text}'`, t.column);
      this.next();
      return { kind: 'compare', op: t.value as CompareOp, left: subject, right: this.operand() };
    }
    if (t.kind !== 'word') return { kind: 'truthy', subject };
    let negate = false;
    if (t.value === 'NOT' && ['EXISTS', 'CONTAINS', 'STARTS', 'ENDS'].some((w) => this.isWord(w, 1))) {
      this.next();
      negate = true;
    }
    const kw = this.peek();
    switch (kw.value) {
      case 'BETWEEN': {
        if (negate) break;
        this.next();
        const low = this.operand();
        this.expectWord('AND');
        return { kind: 'between', subject, low, high: this.operand() };
      }
      case 'EXISTS':
        this.next();
        return { kind: 'exists', subject, negate };
      case 'IS': {
        if (negate) break;
        this.next();
        let isNot = false;
        if (this.isWord('NOT')) { this.next(); isNot = true; }
        this.expectWord('NULL');
        return { kind: 'null', subject, negate: isNot };
      }
      case 'CONTAINS':
        this.next();
        return { kind: 'contains', subject, value: this.operand(), negate };
      case 'STARTS':
      case 'ENDS':
        this.next();
        this.expectWord('WITH');
        return { kind: kw.value === 'STARTS' ? 'starts' : 'ends', subject, value: this.operand(), negate };
      default:
        // AND / OR / ')' follow a bare operand; the caller decides whether they are allowed.
        if (kw.value === 'AND' || kw.value === 'OR') return { kind: 'truthy', subject };
    }
    throw new ConditionSyntaxError(`unexpected ${describe(kw)} after ${subjectText(subject)}, expected an operator`, kw.column);
  }

  private operand(): Operand {
    const t = this.next();
    switch (t.kind) {
      case 'path':
        return toPath(t, 0);
      case 'string':
        return { kind: 'literal', value: t.value, column: t.column };
      case 'number':
        return { kind: 'literal', value: Number(t.value), column: t.column };
      case 'date': {
        const ms = Date.parse(t.value.length === 10 ? t.value + 'T00:00:00Z' : t.value);
        if (Number.isNaN(ms)) throw new ConditionSyntaxError(`invalid date '${t.text}'`, t.column);
        return { kind: 'literal', value: ms, date: true, column: t.column };
      }
      case 'word':
        if (t.value === 'TRUE' || t.value === 'FALSE') return { kind: 'literal', value: t.value === 'TRUE', column: t.column };
        if (t.value === 'NULL') return { kind: 'literal', value: null, column: t.column };
        throw new ConditionSyntaxError(`unexpected ${describe(t)}, expected a value or a path like profile@traits.x`, t.column);
      default:
        throw new ConditionSyntaxError(`unexpected ${describe(t)}, expected a value or a path like profile@traits.x`, t.column);
    }
  }
}

function toPath(t: Token, columnShift: number): Operand & { kind: 'path' } {
  const at = t.text.indexOf('@');
  const source = t.text.slice(0, at).toLowerCase() as PathSource;
  const rest = t.text.slice(at + 1);
  const path = rest === '' ? [] : rest.split('.');
  const bad = path.findIndex((seg) => seg === '');
  if (bad >= 0) throw new ConditionSyntaxError(`empty segment in path '${t.text}'`, t.column + columnShift);
  return { kind: 'path', source, path, text: t.text, column: t.column + columnShift };
}

function describe(t: Token): string {
  if (t.kind === 'eof') return 'end of condition';
  return `'${t.text}'`;
}

function subjectText(o: Operand): string {
  return o.kind === 'path' ? o.text : JSON.stringify(o.value);
}
