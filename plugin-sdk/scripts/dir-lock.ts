/**
 * A cross-process lock on a directory, for builds that several hosts (or parallel test suites) may start at once on
 * the same folder: the SDK's `dist/` before it is published and each first-party plugin's bundle before it is packed.
 * Repository tooling only, never part of the published package.
 */
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** How long to wait for a lock, and when a held lock counts as abandoned by a crashed process. */
export interface DirLockOptions {
  /** A lock older than this is removed and taken over (default 2 minutes). */
  staleMs?: number;
  /** Give up (throw) after waiting this long (default 3 minutes; `Infinity` waits for `signal` only). */
  waitMs?: number;
  /** Stops waiting (and rejects with its reason) when aborted. */
  signal?: AbortSignal;
}

/** True when a process with this pid exists (signal 0 only checks). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the lock can be taken over: its holder's process is gone, or it is older than `staleMs`. */
function abandoned(lock: string, staleMs: number): boolean {
  try {
    const owner = Number.parseInt(readFileSync(path.join(lock, 'owner'), 'utf8'), 10);
    if (Number.isInteger(owner) && owner > 0 && !processAlive(owner)) return true;
  } catch { /* not written yet, or an older lock without an owner file */ }
  try {
    return Date.now() - statSync(lock).mtimeMs > staleMs;
  } catch {
    return false; // released meanwhile
  }
}

/**
 * Runs `fn` while holding the lock directory `lock` (mkdir is atomic; the holder's pid is written inside, so a lock
 * left by a killed process is taken over at once), and removes it afterwards.
 */
export async function withDirLock<T>(lock: string, fn: () => Promise<T>, options: DirLockOptions = {}): Promise<T> {
  const { staleMs = 120_000, waitMs = 180_000, signal } = options;
  const deadline = Date.now() + waitMs;
  for (;;) {
    signal?.throwIfAborted();
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, 'owner'), String(process.pid));
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (abandoned(lock, staleMs)) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      else await new Promise((r) => setTimeout(r, 50));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
