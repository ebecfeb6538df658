import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import * as sdkRoot from '../index.ts';
import * as sdkCondition from '../condition/index.ts';
import { SDK_LIBRARY_MODULES, SDK_LIBRARY_PARAM } from '../runtime/internal/library.ts';

/**
 * Global that bundles of the first format assigned (the runtime read the plugin from its `default`); the runtime
 * still accepts such bundles, but builds now hand the definition to {@link BUNDLE_EXPORT}.
 */
export const BUNDLE_GLOBAL = '__tesseraPlugin';

/** The function through which a bundle hands its default export (the plugin definition) to the runtime. */
export const BUNDLE_EXPORT = '__tesseraExport';

const SDK_ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The folder this file runs from: src/ in this repository, dist/ in the published package.
const SDK_CODE = path.relative(SDK_ROOT, fileURLToPath(new URL('../', import.meta.url))).split(path.sep).join('/');
const SDK_EXPORTS = (JSON.parse(readFileSync(path.join(SDK_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string> }).exports;
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/**
 * First line of every bundle built here: bundles of this format take the SDK library from the runtime (see
 * runtime/internal/library.ts), so a bundle without it was built by an older SDK and is rebuilt when stale.
 */
export const BUNDLE_BANNER = '/* @tessera/plugin-sdk bundle v2: the SDK library comes from the sandbox */';

/** The value exports of each module the sandbox provides, as the bundler must re-export them. */
const LIBRARY_EXPORTS: Record<string, string[]> = { root: Object.keys(sdkRoot), condition: Object.keys(sdkCondition) };

/**
 * The stand-in for a library module inside a bundle: each export is read from the runtime's frozen copy. The reads are
 * marked pure so that the bundler drops the ones the plugin does not use.
 */
function libraryModule(key: string): string {
  const names = LIBRARY_EXPORTS[key] ?? [];
  return [`const m = ${SDK_LIBRARY_PARAM}(${JSON.stringify(key)});`, ...names.map((n) => `export const ${n} = /* @__PURE__ */ (() => m.${n})();`)].join('\n');
}

/**
 * Resolves `@tessera/plugin-sdk[/x]`: the modules the sandbox provides become reads from its library; any other part
 * resolves to this SDK's own sources, so a plugin builds against the SDK running the CLI.
 */
const sdkResolver: esbuild.Plugin = {
  name: 'tessera-sdk',
  setup(build) {
    build.onResolve({ filter: /^@tessera\/plugin-sdk(\/condition)?$/ }, (args) => ({ path: SDK_LIBRARY_MODULES[args.path], namespace: 'tessera-sdk-library' }));
    build.onLoad({ filter: /.*/, namespace: 'tessera-sdk-library' }, (args) => ({ contents: libraryModule(args.path), loader: 'js' }));
    build.onResolve({ filter: /^@tessera\/plugin-sdk(\/.*)?$/ }, (args) => {
      const sub = args.path.slice('@tessera/plugin-sdk'.length);
      const target = SDK_EXPORTS[`.${sub}`] ?? (sub ? `./${SDK_CODE}${sub}` : undefined);
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

async function bundleEntry(entry: string, workingDir: string, outfile: string): Promise<BundleOutput> {
  const result = await esbuild.build({
    // The entry's default export goes straight to the runtime: no module namespace object, getters or CommonJS
    // interop to build again on every call (the runtime evaluates the bundle afresh for each one).
    stdin: {
      contents: `import * as entry from ${JSON.stringify(entry)};\n${BUNDLE_EXPORT}(entry.default);\n`,
      resolveDir: path.dirname(entry), sourcefile: 'tessera-entry.js', loader: 'js',
    },
    absWorkingDir: workingDir,
    bundle: true,
    format: 'iife',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    target: 'es2023',
    write: false,
    outfile,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
    banner: { js: BUNDLE_BANNER },
    plugins: [sdkResolver],
  }).catch((err: esbuild.BuildFailure) => {
    const lines = (err.errors ?? []).map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
    throw new Error(`bundling failed:\n  ${lines.join('\n  ') || err.message}`);
  });
  return { code: result.outputFiles[0].text, warnings: result.warnings.map((w) => w.text) };
}

/** Bundles one source file (e.g. a test fixture) exactly as `build` bundles a plugin's entry. */
export function bundleFile(file: string): Promise<BundleOutput> {
  return bundleEntry(path.resolve(file), path.dirname(path.resolve(file)), path.join(path.dirname(path.resolve(file)), 'out.js'));
}

/**
 * Bundles a plugin to ONE script (an IIFE handing the definition to `__tesseraExport`) with no imports at run time.
 * `outfile` given: also written there.
 */
export async function bundlePlugin(folder: string, outfile?: string): Promise<BundleOutput> {
  const dir = path.resolve(folder);
  const out = await bundleEntry(sourceEntry(dir), dir, outfile ?? path.join(dir, 'dist/plugin.js'));
  if (outfile) {
    mkdirSync(path.dirname(outfile), { recursive: true });
    writeFileSync(outfile, out.code);
  }
  return out;
}
