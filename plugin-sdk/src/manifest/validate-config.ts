import type { ValidateFunction } from 'ajv';
import { createAjv, toFieldErrors } from './internal/ajv.ts';
import type { FieldError, Manifest } from './manifest.types.ts';

/** Outcome of validating a node configuration: `value` has the schema defaults filled in. */
export interface ConfigValidation {
  valid: boolean;
  value: Record<string, unknown>;
  errors: FieldError[];
}

// Compiling is the expensive part; manifests are long-lived objects, so cache per config schema object.
const compiled = new WeakMap<object, ValidateFunction>();

function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = createAjv().compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
}

/**
 * Validates a node's configuration against the manifest's config schema and applies defaults.
 * Returns per-field errors (`{ path: 'url', message: 'must match format "uri"' }`); never throws for bad input.
 */
export function validateConfig(manifest: Pick<Manifest, 'config'>, config: unknown): ConfigValidation {
  const value = (config === undefined || config === null ? {} : structuredClone(config)) as Record<string, unknown>;
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { valid: false, value: {}, errors: [{ path: '', message: 'the configuration must be an object' }] };
  }
  const validate = validatorFor(manifest.config ?? { type: 'object' });
  const valid = validate(value) as boolean;
  return { valid, value, errors: valid ? [] : toFieldErrors(validate.errors) };
}
