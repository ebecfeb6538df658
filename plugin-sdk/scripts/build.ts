/**
 * Publish build of the SDK: `src/**` (tests excluded) → `dist/**` as JavaScript plus `.d.ts` declarations.
 *
 * Why: inside this repository Node runs the SDK's `.ts` files directly, but Node refuses to strip types from files
 * under `node_modules` (ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING). A developer who installs the SDK from a registry
 * therefore needs JavaScript. Each file is transformed on its own (no bundling: dependencies stay dependencies) and
 * relative `.ts` specifiers become `.js`. Non-TypeScript files (the isolate prelude) are copied as they are.
 *
 * Run: `npm run build -w @tessera/plugin-sdk` (or `node scripts/build.ts` in plugin-sdk/).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

/** The SDK package folder this script belongs to. */
export const SDK_DIR = fileURLToPath(new URL('..', import.meta.url));

/** File written last by a successful build; its mtime is the build's time. */
const STAMP = '.build-stamp';

/** Source files that are not part of the published package. */
function isExcluded(rel: string): boolean {
  return /\.test\.ts$/.test(rel) || /(^|\/)__(tests|fixtures)__(\/|$)/.test(rel);
}

/** Every file under `dir`, relative, with `/` separators, sorted (so the output is deterministic). */
function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Rewrites relative `.ts` module specifiers (static, re-export and literal dynamic imports) to `.js`. */
export function rewriteSpecifiers(code: string): string {
  return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"'\n]*?)\.(m?)ts\2/g, (_m, head: string, q: string, spec: string, m: string) => `${head}${q}${spec}.${m}js${q}`);
}

/** Newest mtime of the inputs of the build (sources, this script, the package and build configs). */
function newestInput(sdkDir: string): number {
  const files = [
    ...listFiles(path.join(sdkDir, 'src')).filter((f) => !isExcluded(f)).map((f) => path.join(sdkDir, 'src', f)),
    path.join(sdkDir, 'package.json'), path.join(sdkDir, 'tsconfig.build.json'), fileURLToPath(import.meta.url),
  ];
  return Math.max(0, ...files.filter((f) => existsSync(f)).map((f) => statSync(f).mtimeMs));
}

/** True when `dist/` holds a complete build at least as new as every input. */
export function isBuildFresh(sdkDir = SDK_DIR): boolean {
  const stamp = path.join(sdkDir, 'dist', STAMP);
  return existsSync(stamp) && statSync(stamp).mtimeMs >= newestInput(sdkDir);
}

/**
 * Builds `dist/` from `src/`. The output is written to a temporary folder and swapped in at the end, so a reader never
 * sees a half-written `dist/`. Throws with the compiler's output when declarations do not emit.
 */
export async function buildSdk(sdkDir = SDK_DIR): Promise<{ files: number }> {
  const srcDir = path.join(sdkDir, 'src');
  const tmp = path.join(sdkDir, `.dist-tmp-${process.pid}-${Date.now()}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    let count = 0;
    for (const rel of listFiles(srcDir)) {
      if (isExcluded(rel) || rel.endsWith('.d.ts')) continue;
      const from = path.join(srcDir, rel);
      if (/\.m?ts$/.test(rel)) {
        const out = await esbuild.transform(readFileSync(from, 'utf8'), {
          loader: 'ts', format: 'esm', target: 'node24', sourcefile: `src/${rel}`, charset: 'utf8', legalComments: 'inline',
        });
        const dest = path.join(tmp, rel.replace(/\.(m?)ts$/, '.$1js'));
        mkdirSync(path.dirname(dest), { recursive: true });
        writeFileSync(dest, rewriteSpecifiers(out.code));
      } else {
        const dest = path.join(tmp, rel);
        mkdirSync(path.dirname(dest), { recursive: true });
        copyFileSync(from, dest);
      }
      count++;
    }
    emitDeclarations(sdkDir, tmp);
    writeFileSync(path.join(tmp, STAMP), `${new Date().toISOString()}\n`);
    const dist = path.join(sdkDir, 'dist');
    const old = `${tmp}-old`;
    if (existsSync(dist)) renameSync(dist, old);
    renameSync(tmp, dist);
    rmSync(old, { recursive: true, force: true });
    return { files: count };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** `tsc -p tsconfig.build.json` into `outDir`: declarations only, relative imports rewritten to `.js`. */
function emitDeclarations(sdkDir: string, outDir: string): void {
  const tsc = createRequire(path.join(sdkDir, 'package.json')).resolve('typescript/bin/tsc');
  const res = spawnSync(process.execPath, [tsc, '-p', path.join(sdkDir, 'tsconfig.build.json'), '--outDir', outDir], {
    cwd: sdkDir, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024,
  });
  if (res.status !== 0) throw new Error(`declaration emit failed:\n${res.stdout}${res.stderr}`);
  // tsc keeps `.ts` specifiers in declarations even with rewriteRelativeImportExtensions; consumers resolve
  // `./x.js` to `./x.d.ts`, so rewrite them like the JavaScript.
  for (const rel of listFiles(outDir)) {
    if (!rel.endsWith('.d.ts')) continue;
    const file = path.join(outDir, rel);
    const text = readFileSync(file, 'utf8');
    const next = rewriteSpecifiers(text);
    if (next !== text) writeFileSync(file, next);
  }
}

if (import.meta.main) {
  const started = Date.now();
  const { files } = await buildSdk();
  process.stdout.write(`built @tessera/plugin-sdk: ${files} files → dist/ in ${Date.now() - started} ms\n`);
}
