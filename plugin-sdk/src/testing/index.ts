/** `@tessera/plugin-sdk/testing`: run a plugin in exactly the sandbox the host uses, from a test. */
export { runPlugin, createHarness } from './run-plugin.ts';
export type { RunPluginOptions, RunPluginResult, Harness } from './run-plugin.ts';
export { loadPlugin } from './load-plugin.ts';
export { createMemoryKvStore } from '../runtime/kv-memory.ts';
export { inlinePlugin } from './inline-plugin.ts';
