/**
 * The WAL write-coalescing SQLite extension (`../native/wal-coalesce.c`): built on first use with the machine's C
 * compiler against the SQLite headers better-sqlite3 ships, cached under `node_modules/.cache/tessera/`, and loaded
 * by the store's writer thread before it opens its connection (see `writer/worker.ts`). Without a compiler (or on
 * Windows) the store runs without it: commits then cost the writer more CPU, nothing else changes.
 *
 * Why: SQLite writes every WAL frame with two write calls (its 24-byte header, then the page), about eight per /track
 * request; the extension writes a commit's frames in a few large calls. Measured with early hand-over to the writer
 * (`writer.ts`, `sendAt`): about 15 % more /track requests a second on two cores (test/bench/README.md).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The name the extension's VFS registers under. */
export const WAL_COALESCE_VFS = 'tessera-wal-coalesce';

/** The built extension, or why there is none. */
export type WalCoalesceBuild = { file: string; reason?: undefined } | { file: null; reason: string };

const SOURCE = fileURLToPath(new URL('../native/wal-coalesce.c', import.meta.url));

/** Options of {@link buildWalCoalesce} (tests point them elsewhere). */
export interface WalCoalesceBuildOptions {
  /** The C compiler (default: `CC` from the environment, else `cc`). */
  cc?: string;
  /** Where built files are kept (default: `node_modules/.cache/tessera` next to better-sqlite3). */
  cacheDir?: string;
}

let memo: WalCoalesceBuild | null = null;

/**
 * The extension's file, built if needed. Safe to call from several processes at once: each builds into a file of
 * its own and renames it into place. Memoised per process for the default options.
 */
export function buildWalCoalesce(options: WalCoalesceBuildOptions = {}): WalCoalesceBuild {
  const defaults = options.cc === undefined && options.cacheDir === undefined;
  if (defaults && memo) return memo;
  const result = build(options);
  if (defaults) memo = result;
  return result;
}

function build(options: WalCoalesceBuildOptions): WalCoalesceBuild {
  if (process.platform === 'win32') return { file: null, reason: 'not built on Windows' };
  let headers: string;
  let cacheDir: string;
  try {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    headers = path.join(path.dirname(pkg), 'deps', 'sqlite3');
    cacheDir = options.cacheDir ?? path.join(path.dirname(path.dirname(pkg)), '.cache', 'tessera');
    const hash = createHash('sha256')
      .update(fs.readFileSync(SOURCE))
      .update(fs.readFileSync(path.join(headers, 'sqlite3ext.h')))
      .update(fs.readFileSync(path.join(headers, 'sqlite3.h')))
      .update(`${process.platform}-${process.arch}`)
      .digest('hex')
      .slice(0, 16);
    // SQLite derives the entry point from the file name (`sqlite3_walcoalesce_init`); the hash names the folder.
    const file = path.join(cacheDir, hash, `walcoalesce${process.platform === 'darwin' ? '.dylib' : '.so'}`);
    if (fs.existsSync(file)) return { file };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    const cc = options.cc ?? process.env.CC ?? 'cc';
    const compiled = spawnSync(cc, ['-O2', '-fPIC', '-shared', '-I', headers, '-o', temporary, SOURCE], { encoding: 'utf8', timeout: 120_000 });
    if (compiled.error || compiled.status !== 0) {
      fs.rmSync(temporary, { force: true });
      const why = compiled.error ? compiled.error.message : (compiled.stderr.trim().split('\n')[0] ?? `exit ${compiled.status}`);
      return { file: null, reason: `compiling it with ${cc} failed: ${why}` };
    }
    fs.renameSync(temporary, file);
    return { file };
  } catch (error) {
    return { file: null, reason: (error as Error).message };
  }
}
