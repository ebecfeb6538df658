/**
 * `@tessera/plugin-sdk/runtime`: the isolate runtime the host and the SDK's test harness share — pooled isolates per
 * plugin@version, the call wrapper (timeout, memory, CPU metering, error mapping), the host-capability bridge that
 * enforces the manifest, and the SSRF-safe fetch.
 */
export { createRuntime } from './runtime.ts';
export type { Runtime } from './runtime.ts';
export type { RuntimeOptions } from './options.ts';
export { createMemoryKvStore } from './kv-memory.ts';
export { SANDBOX_ERROR_CODES, sandboxError, kindOf } from './errors.ts';
export type { SandboxErrorCode } from './errors.ts';
export { isPrivateAddress, hostAllowed, privateAllowMatcher } from './fetch/address.ts';
export { HOST_OPS } from './internal/bridge.ts';
export { inspectBundle } from './internal/isolate-entry.ts';
export { createDocCache } from './internal/call-io.ts';
export type { DocCache } from './internal/call-io.ts';
export type {
  PluginPackage, SandboxCall, SandboxResult, SandboxLog, SandboxError, SandboxErrorKind, SandboxStats, KvStore,
  MailTransport, SandboxLogger,
} from './types.ts';
