/**
 * The SDK as it is published: the package.json a registry receives and a staging folder holding exactly the files of
 * the published package. Inside this repository the workspace keeps running from `src/` (package.json points there,
 * no build step); the published package points `exports`/`types` at the JavaScript build in `dist/`.
 *
 * Imported by the marketplace's seeding as `@tessera/plugin-sdk/release`; never part of the published package.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSdk, isBuildFresh, SDK_DIR } from './build.ts';
import { withDirLock } from './dir-lock.ts';

export { buildSdk, isBuildFresh, SDK_DIR, rewriteSpecifiers } from './build.ts';
export { withDirLock, processAlive, type DirLockOptions } from './dir-lock.ts';

/** Files of the published package besides package.json (npm adds README/LICENSE itself; we copy them explicitly). */
const PUBLISHED = ['bin', 'dist', 'README.md', 'LICENSE'];

/** `./src/x/index.ts` → `./dist/x/index.js`; `./src/*` → `./dist/*`; anything outside src/ is dropped (null). */
function toDist(target: string): string | null {
  if (target === './src/*') return './dist/*';
  const m = /^\.\/src\/(.*)\.(m?)ts$/.exec(target);
  return m ? `./dist/${m[1]}.${m[2]}js` : null;
}

/**
 * The package.json of the published SDK: `exports`, `types` and `files` point at `dist/`, and what only the repository
 * needs (scripts, devDependencies, the `./release` export) is left out. Dependencies stay as declared: they are what
 * the CLI needs at run time outside the repository.
 */
export function publishedPackageJson(pkg: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...pkg };
  const exportsIn = (pkg.exports ?? {}) as Record<string, string>;
  const exportsOut: Record<string, string> = {};
  for (const [key, target] of Object.entries(exportsIn)) {
    const mapped = typeof target === 'string' ? toDist(target) : null;
    if (mapped) exportsOut[key] = mapped;
  }
  out.exports = exportsOut;
  out.types = './dist/index.d.ts';
  out.files = PUBLISHED.filter((f) => f !== 'README.md' && f !== 'LICENSE');
  delete out.scripts;
  delete out.devDependencies;
  delete out.publishConfig;
  return out;
}

/**
 * Builds `dist/` when it is missing or older than the sources (under a lock, since several hosts may seed at once),
 * then copies the published files and the published package.json into a fresh temporary folder, which the caller packs
 * and removes. The build's stamp file is not copied, so the same sources always pack to the same bytes. A fresh build
 * takes no lock, so a host whose code folder is read-only (a container image built with `npm run build`) seeds too.
 */
export async function stageSdkForPublish(sdkDir = SDK_DIR): Promise<string> {
  if (!isBuildFresh(sdkDir)) {
    await withDirLock(path.join(sdkDir, '.tessera-build.lock'), async () => {
      if (!isBuildFresh(sdkDir)) await buildSdk(sdkDir);
    });
  }
  const stage = mkdtempSync(path.join(tmpdir(), 'tessera-sdk-stage-'));
  try {
    for (const entry of PUBLISHED) {
      const from = path.join(sdkDir, entry);
      if (!existsSync(from)) continue;
      cpSync(from, path.join(stage, entry), { recursive: true, filter: (src) => path.basename(src) !== '.build-stamp' });
    }
    const pkg = JSON.parse(readFileSync(path.join(sdkDir, 'package.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(publishedPackageJson(pkg), null, 2)}\n`);
    return stage;
  } catch (err) {
    rmSync(stage, { recursive: true, force: true });
    throw err;
  }
}
