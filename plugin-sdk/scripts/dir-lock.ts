/**
 * A cross-process lock on a directory, for builds that several hosts (or parallel test suites) may start at once on
 * the same folder: the SDK's `dist/` before it is published and each first-party plugin's bundle before it is packed.
 * Repository tooling only, never part of the published package.
 */
import { mkdirSync, rmSync, statSync } from 'node:fs';

/** How long to wait for a lock, and after how long a held lock counts as abandoned by a crashed process. */
export interface DirLockOptions {
  /** A lock older than this is removed and taken over. */
  staleMs?: number;
  /** Give up (throw) after waiting this long. */
  waitMs?: number;
}

/** Runs `fn` while holding the lock directory `lock` (mkdir is atomic), and removes it afterwards. */
export async function withDirLock<T>(lock: string, fn: () => Promise<T>, options: DirLockOptions = {}): Promise<T> {
  const { staleMs = 120_000, waitMs = 180_000 } = options;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch { /* released meanwhile */ }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
