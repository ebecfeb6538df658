import type { SandboxError, SandboxErrorKind } from './types.ts';

/**
 * Stable error codes a sandbox call can fail with, and their kind: `user` (the plugin or its configuration is at
 * fault; retrying will not help), `operational` (a dependency failed; the engine may retry), `unexpected` (a bug).
 */
export const SANDBOX_ERROR_CODES = {
  plugin_error: 'user',
  plugin_invalid: 'user',
  plugin_load_failed: 'user',
  plugin_bad_result: 'user',
  plugin_timeout: 'user',
  plugin_memory_limit: 'user',
  result_too_large: 'user',
  invalid_manifest: 'user',
  unsupported_api_version: 'user',
  invalid_config: 'user',
  invalid_input: 'user',
  invalid_patch: 'user',
  invalid_argument: 'user',
  permission_denied: 'user',
  host_not_allowed: 'user',
  ssrf_blocked: 'user',
  invalid_url: 'user',
  fetch_response_too_large: 'user',
  fetch_too_many_redirects: 'user',
  fetch_failed: 'operational',
  fetch_timeout: 'operational',
  kv_failed: 'operational',
  kv_no_profile: 'user',
  kv_value_too_large: 'user',
  mail_not_configured: 'user',
  mail_failed: 'operational',
  call_finished: 'user',
  too_many_operations: 'user',
  sandbox_closed: 'operational',
  sandbox_internal: 'unexpected',
} as const satisfies Record<string, SandboxErrorKind>;

/** One of the codes above. */
export type SandboxErrorCode = keyof typeof SANDBOX_ERROR_CODES;

/** Kind of a code; codes a plugin made up itself count as `user`. */
export function kindOf(code: string): SandboxErrorKind {
  return (SANDBOX_ERROR_CODES as Record<string, SandboxErrorKind>)[code] ?? 'user';
}

/** Builds a sandbox error (a plain object: it crosses process and isolate boundaries). */
export function sandboxError(code: SandboxErrorCode | string, message: string, details?: Record<string, unknown>): SandboxError {
  return { code, message, kind: kindOf(code), ...(details ? { details } : {}) };
}

/** An Error carrying a sandbox code, thrown by host operations and turned into a rejected promise in the plugin. */
export class HostOpError extends Error {
  readonly code: string;
  constructor(code: SandboxErrorCode, message: string) {
    super(message);
    this.name = 'HostOpError';
    this.code = code;
  }
}
