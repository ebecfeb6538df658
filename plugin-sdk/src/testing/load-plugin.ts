import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePlugin } from '../build/bundle.ts';
import { readPluginPackage } from '../build/read-package.ts';
import type { PluginPackage } from '../runtime/types.ts';

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** Folder path from a string or a file: URL (e.g. `new URL('..', import.meta.url)`). */
export function toDir(dir: string | URL): string {
  return dir instanceof URL ? fileURLToPath(dir) : path.resolve(dir);
}

/**
 * Loads a plugin folder as the host would run it: the validated manifest and the bundle at `manifest.entry`.
 * When the bundle is missing or older than `src/`, the sources are bundled in memory the same way `build` does.
 */
export async function loadPlugin(dir: string | URL): Promise<PluginPackage> {
  const folder = toDir(dir);
  const info = readPluginPackage(folder);
  const pkgMtime = statSync(path.join(folder, 'package.json')).mtimeMs;
  const fresh = existsSync(info.entryPath) && statSync(info.entryPath).mtimeMs >= Math.max(newestMtime(path.join(folder, 'src')), pkgMtime);
  const code = fresh ? readFileSync(info.entryPath, 'utf8') : (await bundlePlugin(folder)).code;
  return { name: info.name, version: info.version, manifest: info.manifest, code };
}
