/**
 * First-party plugins of this repository (`plugins/*`): finding them, building them when their bundle is missing or
 * stale, and packing them into the same tarball `npm pack` gives a plugin developer. They reach the host only as such
 * tarballs (STYLE.md §7: no back door).
 */
import { execFile } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { BUNDLE_BANNER, buildPlugin } from '@tessera/plugin-sdk/build';
import { withDirLock } from '@tessera/plugin-sdk/release';

export { packFolder, packFileList } from './pack.ts';

const run = promisify(execFile);

/** The repository root, found from this package's location (marketplace/src/workspace → ../../..). */
export const REPOSITORY_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** A plugin package folder of the workspace. */
export interface WorkspacePlugin {
  dir: string;
  name: string;
  version: string;
  packageJson: Record<string, unknown>;
}

/** Every folder under `pluginsDir` whose package.json has the `tessera-plugin` keyword, sorted by name. */
export function listWorkspacePlugins(pluginsDir = join(REPOSITORY_ROOT, 'plugins')): WorkspacePlugin[] {
  if (!existsSync(pluginsDir)) return [];
  const out: WorkspacePlugin[] = [];
  for (const entry of readdirSync(pluginsDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(pluginsDir, entry.name);
    const file = join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const packageJson = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const keywords = Array.isArray(packageJson.keywords) ? packageJson.keywords : [];
    if (!keywords.includes('tessera-plugin') || typeof packageJson.name !== 'string' || typeof packageJson.version !== 'string') continue;
    out.push({ dir, name: packageJson.name, version: packageJson.version, packageJson });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** True when the bundle was built by this SDK's bundler (its first line is the format banner). */
function currentFormat(entry: string): boolean {
  const fd = openSync(entry, 'r');
  try {
    const head = Buffer.alloc(BUNDLE_BANNER.length);
    readSync(fd, head, 0, head.length, 0);
    return head.toString('utf8') === BUNDLE_BANNER;
  } finally {
    closeSync(fd);
  }
}

/** Whether the manifest's entry exists, is of the current bundle format and is newer than every file under `src/`. */
function fresh(entry: string | null, dir: string): boolean {
  return !!entry && existsSync(entry) && newestMtime(join(dir, 'src')) <= statSync(entry).mtimeMs && currentFormat(entry);
}

/**
 * Builds the plugin with the SDK's build (what `tessera-plugin build` runs) when the manifest's entry is missing,
 * older than any file under `src/`, or bundled by an older SDK. Returns true when it built.
 */
export async function buildIfStale(plugin: WorkspacePlugin): Promise<boolean> {
  const manifest = (plugin.packageJson.tessera ?? {}) as Record<string, unknown>;
  const entry = typeof manifest.entry === 'string' ? join(plugin.dir, manifest.entry) : null;
  if (fresh(entry, plugin.dir)) return false;
  if (!existsSync(join(plugin.dir, 'src'))) return false;
  // Several hosts (e.g. parallel test suites) may start at once: build under a cross-process lock so nobody packs a
  // half-written bundle, and re-check freshness once we hold it.
  return withDirLock(join(plugin.dir, '.tessera-build.lock'), async () => {
    if (fresh(entry, plugin.dir)) return false;
    await buildPlugin(plugin.dir);
    return true;
  }, { staleMs: 60_000, waitMs: 120_000 });
}

/** Packs a package folder with `npm pack` (no scripts run) and returns the tarball bytes and file name. */
export async function packDirectory(dir: string): Promise<{ tarball: Buffer; filename: string }> {
  const dest = mkdtempSync(join(tmpdir(), 'tessera-pack-'));
  try {
    const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: dir, maxBuffer: 16 * 1024 * 1024 });
    const info = JSON.parse(stdout) as Array<{ filename: string }>;
    const filename = info[0].filename.replace(/^@/, '').replace(/\//, '-');
    const candidates = readdirSync(dest).filter((f) => f.endsWith('.tgz'));
    const file = candidates.includes(filename) ? filename : candidates[0];
    return { tarball: readFileSync(join(dest, file)), filename: file };
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}
