import { createAjv, toFieldErrors } from './internal/ajv.ts';
import { manifestSchema, SUPPORTED_API_VERSIONS } from './manifest.schema.ts';
import type { FieldError, Manifest } from './manifest.types.ts';

/** Outcome of validating a manifest: the manifest with defaults applied, or every problem found. */
export type ManifestValidation = { ok: true; manifest: Manifest; errors: [] } | { ok: false; errors: FieldError[] };

const ajv = createAjv();
const validateShape = ajv.compile(manifestSchema);

/**
 * Validates a `"tessera"` manifest block and applies its defaults (the input is not modified).
 * Also checks that `config` is a compilable JSON Schema of an object and that `apiVersion` is supported.
 */
export function validateManifest(input: unknown): ManifestValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, errors: [{ path: '', message: 'the "tessera" manifest must be an object' }] };
  }
  const manifest = structuredClone(input) as Manifest;
  if (!validateShape(manifest)) return { ok: false, errors: toFieldErrors(validateShape.errors) };
  const errors: FieldError[] = [];
  if (!SUPPORTED_API_VERSIONS.includes(manifest.apiVersion)) {
    errors.push({ path: 'apiVersion', message: `apiVersion "${manifest.apiVersion}" is not supported (supported: ${SUPPORTED_API_VERSIONS.join(', ')})` });
  }
  if (manifest.config.type !== undefined && manifest.config.type !== 'object') {
    errors.push({ path: 'config.type', message: 'the config schema must describe an object' });
  }
  try {
    createAjv().compile(manifest.config);
  } catch (err) {
    errors.push({ path: 'config', message: `not a valid JSON Schema: ${(err as Error).message}` });
  }
  return errors.length ? { ok: false, errors } : { ok: true, manifest, errors: [] };
}

/** True when the host can run plugins written against `apiVersion`. */
export function isApiVersionSupported(apiVersion: string): boolean {
  return SUPPORTED_API_VERSIONS.includes(apiVersion);
}

/** Formats field errors as one line per problem, for CLI output and error messages. */
export function formatFieldErrors(errors: FieldError[], prefix = ''): string {
  return errors.map((e) => `${prefix}${e.path || '(root)'}: ${e.message}`).join('\n');
}
