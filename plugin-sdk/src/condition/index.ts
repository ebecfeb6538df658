/**
 * Tessera's condition language and templates: one dependency-free module, bundled into plugins (the `if` plugin runs
 * it inside the sandbox) and re-exported by the host (`host/src/condition`) for rules, segments and destinations.
 */
export { PATH_SOURCES, ConditionSyntaxError } from './ast.ts';
export type { PathSource, PathNode, LiteralNode, Operand, CompareOp, Expr } from './ast.ts';
export { tokenize } from './lexer.ts';
export type { Token, TokenKind } from './lexer.ts';
export { parseCondition, parsePath } from './parser.ts';
export { evaluate, evaluateCondition } from './evaluate.ts';
export { readPath, writePath, deletePath, scopeOf } from './path.ts';
export type { ConditionContext } from './path.ts';
export { parseTemplate, renderTemplate, reshape, hasTemplate, checkTemplates } from './template.ts';
export type { TemplatePart } from './template.ts';
export { parseWritableTarget } from './target.ts';
export type { WritableTarget } from './target.ts';
