/**
 * Bundles the browser tracker (`host/tracker/`) into `host/dist/tracker/tessera.js` with esbuild: one minified IIFE
 * with a linked source map. The host builds it at start-up when the bundle is missing or older than its sources.
 */
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const HOST_DIR = fileURLToPath(new URL('../../', import.meta.url));

/** Folder of the tracker's TypeScript sources. */
export const TRACKER_SOURCE_DIR = path.join(HOST_DIR, 'tracker');

/** Folder the bundle is written to. */
export const TRACKER_DIST_DIR = path.join(HOST_DIR, 'dist', 'tracker');

/** File name of the bundle. */
export const TRACKER_FILE = 'tessera.js';

/** The size budget for the gzipped bundle (the target). */
export const TRACKER_GZIP_BUDGET = 8 * 1024;

/** What a build produced. */
export interface TrackerBundle {
  file: string;
  bytes: number;
  gzipBytes: number;
}

/** Builds the tracker into `outDir` (default {@link TRACKER_DIST_DIR}) and reports its raw and gzipped sizes. */
export async function buildTracker(outDir: string = TRACKER_DIST_DIR): Promise<TrackerBundle> {
  const file = path.join(outDir, TRACKER_FILE);
  // Loaded on demand: a host whose bundle is already built starts without needing esbuild at all.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [path.join(TRACKER_SOURCE_DIR, 'index.ts')],
    outfile: file,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    tsconfig: path.join(TRACKER_SOURCE_DIR, 'tsconfig.json'),
    write: false,
    logLevel: 'silent',
  });
  await mkdir(outDir, { recursive: true });
  let js: Uint8Array = new Uint8Array();
  // Write under temporary names and rename: hosts starting in parallel may build at the same time, and a server
  // must never read a half-written bundle.
  for (const out of result.outputFiles) {
    const tmp = `${out.path}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(tmp, out.contents);
    await rename(tmp, out.path);
    if (out.path === file) js = out.contents;
  }
  return { file, bytes: js.byteLength, gzipBytes: gzipSync(js, { level: 9 }).byteLength };
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, await newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, (await stat(p)).mtimeMs);
  }
  return newest;
}

/** True when the bundle in `outDir` is missing or older than any tracker source file. */
export async function trackerIsStale(outDir: string = TRACKER_DIST_DIR): Promise<boolean> {
  const built = await stat(path.join(outDir, TRACKER_FILE)).catch(() => null);
  if (!built) return true;
  // Installed copies may lack the sources; then the shipped bundle is all there is.
  const newest = await newestSource(TRACKER_SOURCE_DIR).catch(() => 0);
  return newest > built.mtimeMs;
}

/** Builds the tracker only when {@link trackerIsStale}; returns the bundle path. */
export async function ensureTracker(outDir: string = TRACKER_DIST_DIR): Promise<string> {
  if (await trackerIsStale(outDir)) await buildTracker(outDir);
  return path.join(outDir, TRACKER_FILE);
}
