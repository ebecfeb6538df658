// A plugin package from a run function's source, without a build step: for quick tests of runtime behaviour.
import type { PluginPackage } from '../runtime/types.ts';

/** Wraps `run` (its source text) as a bundle exposing `__tesseraPlugin.default`, with manifest overrides. */
export function inlinePlugin(run: string | ((...args: any[]) => unknown), manifest: Record<string, unknown> = {}, name = 'inline-test', version = '1.0.0'): PluginPackage {
  const source = typeof run === 'string' ? run : run.toString();
  const fn = /^(async\s+)?function|^\(|^[A-Za-z_$][\w$]*\s*=>|^async\s*\(/.test(source) ? source : `function ${source}`;
  return {
    name,
    version,
    manifest: { apiVersion: '1', kind: 'action', title: 'Inline test plugin', entry: 'dist/plugin.js', ...manifest },
    code: `var __tesseraPlugin = { default: { tessera: 'plugin', kind: ${JSON.stringify(manifest.kind ?? 'action')}, run: ${fn} } };`,
  };
}
