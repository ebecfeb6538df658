import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withDirLock } from './dir-lock.ts';

const dirs: string[] = [];
function lockPath(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tessera-dir-lock-'));
  dirs.push(dir);
  return path.join(dir, '.lock');
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('withDirLock', () => {
  it('lets one holder in at a time and releases the lock afterwards', async () => {
    const lock = lockPath();
    const log: string[] = [];
    const job = (name: string) => withDirLock(lock, async () => {
      log.push(`${name} in`);
      await new Promise((r) => setTimeout(r, 80));
      log.push(`${name} out`);
      return name;
    });
    expect(await Promise.all([job('a'), job('b')])).toEqual(['a', 'b']);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out']);
    expect(existsSync(lock)).toBe(false);
  });

  it('releases the lock when the work throws', async () => {
    const lock = lockPath();
    await expect(withDirLock(lock, async () => { throw new Error('build failed'); })).rejects.toThrow('build failed');
    expect(existsSync(lock)).toBe(false);
  });

  it('takes over at once a lock whose holder process is gone', async () => {
    const lock = lockPath();
    mkdirSync(lock);
    // A pid far beyond any pid_max: no such process.
    writeFileSync(path.join(lock, 'owner'), '2147483646');
    expect(await withDirLock(lock, async () => 'taken over', { staleMs: 60_000, waitMs: 200 })).toBe('taken over');
  });

  it('stops waiting when its signal is aborted', async () => {
    const lock = lockPath();
    mkdirSync(lock);
    writeFileSync(path.join(lock, 'owner'), String(process.pid));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutting down')), 100);
    await expect(withDirLock(lock, async () => 'never', { waitMs: Infinity, signal: controller.signal })).rejects.toThrow('shutting down');
  });

  it('takes over a lock left behind by a crashed process, and gives up on a live one after waiting', async () => {
    const lock = lockPath();
    mkdirSync(lock);
    await expect(withDirLock(lock, async () => 'never', { staleMs: 60_000, waitMs: 200 })).rejects.toThrow(/timed out waiting/);
    const old = new Date(Date.now() - 120_000);
    utimesSync(lock, old, old);
    expect(await withDirLock(lock, async () => 'taken over', { staleMs: 60_000, waitMs: 200 })).toBe('taken over');
  });
});
