/**
 * The condition language and templates, shared by routing rules, the workflow engine, segments and destinations.
 * The implementation lives in the SDK so that plugins (the `if` plugin) bundle the very same code into the sandbox.
 */
import { ConditionSyntaxError, parseCondition, type Expr } from '@tessera/plugin-sdk/condition';
import { userError, type TesseraError } from '../errors/index.ts';

export * from '@tessera/plugin-sdk/condition';

/** Parses a condition or throws a 422 user error `invalid_condition` naming the field and column. */
export function parseConditionOrThrow(condition: string, field = 'condition'): Expr {
  try {
    return parseCondition(condition);
  } catch (e) {
    throw toUserError(e, field);
  }
}

function toUserError(e: unknown, field: string): TesseraError {
  if (e instanceof ConditionSyntaxError) {
    return userError('invalid_condition', `${field}: ${e.message}`, 422, { field, column: e.column, reason: e.reason });
  }
  throw e;
}
