import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** Global the IIFE bundle assigns; the runtime reads the plugin definition from its `default`. */
export const BUNDLE_GLOBAL = '__tesseraPlugin';

const SDK_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SDK_EXPORTS = (JSON.parse(readFileSync(path.join(SDK_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string> }).exports;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** Resolves `@tessera/plugin-sdk[/x]` to this SDK's own sources, so a plugin builds against the SDK running the CLI. */
const sdkResolver: esbuild.Plugin = {
  name: 'tessera-sdk',
  setup(build) {
    build.onResolve({ filter: /^@tessera\/plugin-sdk(\/.*)?$/ }, (args) => {
      const sub = args.path.slice('@tessera/plugin-sdk'.length);
      const target = SDK_EXPORTS[`.${sub}`] ?? (sub ? `./src${sub}` : undefined);
      const file = target ? path.join(SDK_ROOT, target) : '';
      if (!file || !existsSync(file)) return { errors: [{ text: `"${args.path}" is not part of @tessera/plugin-sdk` }] };
      return { path: file };
    });
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (BUILTINS.has(args.path)) {
        return { errors: [{ text: `"${args.path}" is a Node built-in; plugins run in a sandbox without Node APIs — use ctx.fetch, ctx.kv, ctx.log instead` }] };
      }
      return undefined;
    });
  },
};

/** Output of a bundle step. */
export interface BundleOutput {
  code: string;
  warnings: string[];
}

/** Finds the plugin's source entry: `src/index.ts`, `src/index.js` or `index.ts`. */
export function sourceEntry(dir: string): string {
  for (const candidate of ['src/index.ts', 'src/index.mts', 'src/index.js', 'index.ts', 'index.js']) {
    const file = path.join(dir, candidate);
    if (existsSync(file)) return file;
  }
  throw new Error(`no source entry in ${dir} (expected src/index.ts)`);
}

/**
 * Bundles a plugin to ONE self-contained script (IIFE assigning `__tesseraPlugin`) with no imports at run time.
 * `outfile` given: also written there.
 */
export async function bundlePlugin(dir: string, outfile?: string): Promise<BundleOutput> {
  const result = await esbuild.build({
    entryPoints: [sourceEntry(dir)],
    absWorkingDir: dir,
    bundle: true,
    format: 'iife',
    globalName: BUNDLE_GLOBAL,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2023',
    write: false,
    outfile: outfile ?? path.join(dir, 'dist/plugin.js'),
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    plugins: [sdkResolver],
  }).catch((err: esbuild.BuildFailure) => {
    const lines = (err.errors ?? []).map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
    throw new Error(`bundling failed:\n  ${lines.join('\n  ') || err.message}`);
  });
  const code = result.outputFiles[0].text;
  if (outfile) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(path.dirname(outfile), { recursive: true });
    writeFileSync(outfile, code);
  }
  return { code, warnings: result.warnings.map((w) => w.text) };
}
