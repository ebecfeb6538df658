/**
 * Builds the administrator GUI (`gui/`, Vite) into `gui/dist` when it is missing or older than its sources, so
 * `npm start` on a fresh clone serves it. Hosts starting in parallel (test suites) share one build through a lock
 * file, and the output appears by rename, so a server never reads a half-written app.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { processAlive, withDirLock } from '@tessera/plugin-sdk/release';
import { operationalError } from '../errors/index.ts';

/** The GUI workspace folder. */
export const GUI_DIR = fileURLToPath(new URL('../../../gui/', import.meta.url));
/** Where the built app lives. */
export const GUI_DIST_DIR = path.join(GUI_DIR, 'dist');

const STALE_LOCK_MS = 10 * 60_000;

async function newest(p: string): Promise<number> {
  const s = await stat(p).catch(() => null);
  if (!s) return 0;
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const entry of await readdir(p)) max = Math.max(max, await newest(path.join(p, entry)));
  return max;
}

/** True when `gui/dist` is missing, or older than the GUI's sources (when the sources are present). */
export async function guiIsStale(guiDir = GUI_DIR): Promise<boolean> {
  const built = await stat(path.join(guiDir, 'dist', 'index.html')).catch(() => null);
  if (!built) return true;
  const sources = Math.max(await newest(path.join(guiDir, 'src')), await newest(path.join(guiDir, 'index.html')), await newest(path.join(guiDir, 'vite.config.ts')));
  return sources > built.mtimeMs;
}

function run(cmd: string, args: string[], cwd: string, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, signal, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`vite build exited with ${code}:\n${out.slice(-4000)}`))));
  });
}

async function viteBin(guiDir: string): Promise<string> {
  const require = createRequire(path.join(guiDir, 'package.json'));
  const pkgPath = require.resolve('vite/package.json');
  const pkg = JSON.parse(await readFile(pkgPath, 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.vite;
  if (!bin) throw new Error('vite has no bin entry');
  return path.join(path.dirname(pkgPath), bin);
}

/** Removes `dist.<pid>.*` leftovers of builds whose process died. */
async function sweep(guiDir: string): Promise<void> {
  for (const name of await readdir(guiDir).catch(() => [] as string[])) {
    const m = /^dist\.(\d+)\.\d+\.(tmp|old)$/.exec(name);
    if (m && !processAlive(Number(m[1]))) await rm(path.join(guiDir, name), { recursive: true, force: true });
  }
}

/** Runs the Vite build into `gui/dist` (atomically replacing an older build); `signal` kills it. */
export async function buildGui(guiDir = GUI_DIR, signal?: AbortSignal): Promise<void> {
  await sweep(guiDir);
  const tmp = path.join(guiDir, `dist.${process.pid}.${Date.now()}.tmp`);
  const old = path.join(guiDir, `dist.${process.pid}.${Date.now()}.old`);
  try {
    await run(process.execPath, [await viteBin(guiDir), 'build', '--outDir', tmp, '--emptyOutDir', '--logLevel', 'warn'], guiDir, signal);
    const dist = path.join(guiDir, 'dist');
    if (existsSync(dist)) await rename(dist, old);
    await mkdir(path.dirname(dist), { recursive: true });
    await rename(tmp, dist);
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}

/** True when a build is needed: the app is missing, or older than sources that are present. */
export async function guiNeedsBuild(guiDir = GUI_DIR): Promise<boolean> {
  if (!existsSync(path.join(guiDir, 'src'))) return !existsSync(path.join(guiDir, 'dist', 'index.html'));
  return guiIsStale(guiDir);
}

/**
 * Makes sure a current GUI build exists, building it if needed. Called by the host at start-up. Throws
 * `gui_build_failed` (503) when the build fails; a clone without the GUI sources keeps whatever build it shipped.
 */
export async function ensureGuiBuilt(guiDir = GUI_DIR, signal?: AbortSignal): Promise<{ built: boolean }> {
  if (!(await guiNeedsBuild(guiDir))) return { built: false };
  // Waits as long as another process builds (until `signal`); a lock left by a killed build is taken over at once.
  return withDirLock(path.join(guiDir, '.build-lock'), async () => {
    // Another process may have finished the build while this one waited for the lock.
    if (!(await guiIsStale(guiDir))) return { built: false };
    try {
      await buildGui(guiDir, signal);
    } catch (err) {
      if (signal?.aborted) throw err;
      throw operationalError('gui_build_failed', `Building the GUI failed: ${(err as Error).message}`, 503, undefined, err);
    }
    return { built: true };
  }, { staleMs: STALE_LOCK_MS, waitMs: Infinity, signal });
}
