import { ConditionSyntaxError, PATH_SOURCES } from './ast.ts';

/** Kinds of token the condition lexer produces. */
export type TokenKind = 'lparen' | 'rparen' | 'op' | 'string' | 'number' | 'date' | 'path' | 'word' | 'eof';

/** One token with its 1-based start column. */
export interface Token {
  kind: TokenKind;
  text: string;
  /** Keyword text upper-cased, string contents unescaped, numbers/dates as text. */
  value: string;
  column: number;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w:.-])/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?![\w@])/;
const WORD = /^[A-Za-z_][A-Za-z0-9_]*/;
const PATH_TAIL = /^[A-Za-z0-9_$\-.]*/;
const OPS = ['==', '!=', '>=', '<=', '<>', '=', '>', '<'];

/** Splits a condition into tokens; throws {@link ConditionSyntaxError} naming the column of anything unreadable. */
export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    const column = i + 1;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '(' || ch === ')') {
      tokens.push({ kind: ch === '(' ? 'lparen' : 'rparen', text: ch, value: ch, column });
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const { value, end } = readString(src, i);
      tokens.push({ kind: 'string', text: src.slice(i, end), value, column });
      i = end;
      continue;
    }
    const rest = src.slice(i);
    const op = OPS.find((o) => rest.startsWith(o));
    if (op) {
      // `<>` is SQL's not-equal; normalise it and `=` here so the parser sees one spelling.
      const value = op === '<>' ? '!=' : op === '=' ? '==' : op;
      tokens.push({ kind: 'op', text: op, value, column });
      i += op.length;
      continue;
    }
    const date = ISO_DATE.exec(rest);
    if (date) {
      tokens.push({ kind: 'date', text: date[0], value: date[0], column });
      i += date[0].length;
      continue;
    }
    const num = NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', text: num[0], value: num[0], column });
      i += num[0].length;
      continue;
    }
    const word = WORD.exec(rest);
    if (word) {
      const after = i + word[0].length;
      if (src[after] === '@') {
        const source = word[0].toLowerCase();
        if (!(PATH_SOURCES as readonly string[]).includes(source)) {
          throw new ConditionSyntaxError(`unknown path root '${word[0]}@', expected one of ${PATH_SOURCES.map((s) => s + '@').join(', ')}`, column);
        }
        const tail = PATH_TAIL.exec(src.slice(after + 1))![0];
        const text = src.slice(i, after + 1 + tail.length);
        tokens.push({ kind: 'path', text, value: text, column });
        i = after + 1 + tail.length;
        continue;
      }
      tokens.push({ kind: 'word', text: word[0], value: word[0].toUpperCase(), column });
      i = after;
      continue;
    }
    throw new ConditionSyntaxError(`unexpected character '${ch}'`, column);
  }
  tokens.push({ kind: 'eof', text: '', value: '', column: src.length + 1 });
  return tokens;
}

function readString(src: string, start: number): { value: string; end: number } {
  const quote = src[start];
  let out = '';
  let i = start + 1;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '\\') {
      const next = src[i + 1];
      if (next === undefined) break;
      out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      i += 2;
      continue;
    }
    if (ch === quote) return { value: out, end: i + 1 };
    out += ch;
    i++;
  }
  throw new ConditionSyntaxError('unterminated string', start + 1);
}
