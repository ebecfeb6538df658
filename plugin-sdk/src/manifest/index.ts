export { manifestSchema, SUPPORTED_API_VERSIONS } from './manifest.schema.ts';
export { validateManifest, isApiVersionSupported, formatFieldErrors } from './validate-manifest.ts';
export type { ManifestValidation } from './validate-manifest.ts';
export { validateConfig } from './validate-config.ts';
export type { ConfigValidation } from './validate-config.ts';
export type { Manifest, ManifestInput, ManifestPermissions, ManifestLimits, AccessLevel, KvScope, FieldError } from './manifest.types.ts';
