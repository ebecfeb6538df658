/**
 * @tessera/plugin-sdk — the part plugin code imports. Kept free of Node-only dependencies because esbuild bundles it
 * into every plugin. Tooling lives in sub-paths: `@tessera/plugin-sdk/manifest` (validation), `/runtime` (the
 * sandbox core the host uses), `/testing` (the harness).
 */
export * from './define/index.ts';
export * from './patches/index.ts';
export { SUPPORTED_API_VERSIONS, manifestSchema } from './manifest/manifest.schema.ts';
export type { Manifest, ManifestInput, ManifestPermissions, ManifestLimits, AccessLevel, KvScope, FieldError } from './manifest/manifest.types.ts';
