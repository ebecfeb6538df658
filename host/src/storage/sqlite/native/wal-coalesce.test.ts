import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { makeEvent } from '../../internal/fixtures.ts';
import { createSqliteStore, type SqliteStore } from '../store.ts';
import { buildWalCoalesce, WAL_COALESCE_VFS } from '../internal/wal-coalesce.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-wal-coalesce-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** 40 concurrent commits of 5 events each, ten times over, as concurrent /track requests make them. */
async function load(store: SqliteStore, tag: string): Promise<void> {
  for (let round = 0; round < 10; round++) {
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.commit({
      events: Array.from({ length: 5 }, (_, k) => makeEvent('src', `${tag}-${round}-${i}-${k}`, { profileId: `p${i}`, sessionId: `s${i}`, properties: { pad: 'x'.repeat(600) } })),
    })));
  }
}

/** Runs an ES module in a fresh Node process (no extension loaded there) from the repository root. */
function node(code: string): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 });
}

describe('WAL write coalescing', () => {
  it('is built once with the machine compiler, and says why when it cannot be', () => {
    const built = buildWalCoalesce();
    expect(built.reason).toBeUndefined();
    expect(fs.existsSync(built.file!)).toBe(true);
    expect(buildWalCoalesce().file).toBe(built.file);
    const cacheDir = path.join(dir, 'cache');
    expect(buildWalCoalesce({ cacheDir }).file).toMatch(/walcoalesce\.(so|dylib)$/);
    expect(buildWalCoalesce({ cacheDir: path.join(dir, 'none'), cc: path.join(dir, 'no-such-cc') })).toEqual({
      file: null, reason: expect.stringMatching(/^compiling it with .*no-such-cc failed: /),
    });
  });

  it('writes the same transactions with a fraction of the write calls', () => {
    // Ten transactions of 200 rows on a connection of this thread; write calls counted for this thread only.
    const writeCalls = (): number => Number(/^syscw: (\d+)$/m.exec(fs.readFileSync('/proc/thread-self/io', 'utf8'))![1]);
    const run = (name: string): { calls: number; rows: unknown } => {
      const db = new Database(path.join(dir, `${name}.sqlite`));
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('wal_autocheckpoint = 0');
      db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
      const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
      const before = writeCalls();
      for (let round = 0; round < 10; round++) db.transaction(() => { for (let i = 0; i < 200; i++) insert.run(`${round}-${i}-${'v'.repeat(700)}`); })();
      const calls = writeCalls() - before;
      const rows = db.prepare('SELECT count(*), sum(length(v)) FROM t').raw().get();
      db.close();
      return { calls, rows };
    };
    // Without it first: once loaded, its VFS is the default of the whole process.
    const plain = run('plain');
    new Database(':memory:').loadExtension(buildWalCoalesce().file!);
    const coalesced = run('coalesced');
    expect(coalesced.rows).toEqual(plain.rows);
    // About 40 frames per transaction (140 KB of rows), two write calls each, against about three per transaction.
    expect(plain.calls).toBeGreaterThan(10 * 20 * 2);
    expect(coalesced.calls).toBeLessThan(plain.calls / 10);
  });

  it('is used by a store, which says so, or says why not', async () => {
    const plain = await createSqliteStore(path.join(dir, 'plain-store.sqlite'), { walCoalescing: false });
    expect(plain.walCoalesce).toEqual({ active: false, reason: 'turned off' });
    await plain.close();
    const store = await createSqliteStore(path.join(dir, 'store.sqlite'));
    expect(store.walCoalesce).toEqual({ active: true });
    await load(store, 'store');
    expect(await store.events.count()).toBe(2000);
    expect((await store.events.get('store-9-39-4'))?.properties).toEqual({ pad: 'x'.repeat(600) });
    await store.close();
    const reopened = new Database(path.join(dir, 'store.sqlite'), { readonly: true });
    expect(reopened.prepare('SELECT count(*) FROM events').pluck().get()).toBe(2000);
    reopened.close();
  });

  it('lets other processes read every commit at once, even with synchronous=NORMAL (no flush at commit)', () => {
    const file = path.join(dir, 'visible.sqlite');
    const db = new Database(file);
    db.loadExtension(buildWalCoalesce().file!);
    // Opened after the extension was loaded in this process: its VFS is the default one.
    expect(db.prepare('SELECT tessera_default_vfs()').pluck().get()).toBe(WAL_COALESCE_VFS);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    for (let round = 1; round <= 3; round++) {
      db.transaction(() => { for (let i = 0; i < 300; i++) insert.run('y'.repeat(900)); })();
      const other = node(`import Database from 'better-sqlite3'; const d = new Database(${JSON.stringify(file)}, { readonly: true }); process.stdout.write(String(d.prepare('SELECT count(*) FROM t').pluck().get()));`);
      expect(other.stderr).toBe('');
      expect(other.stdout).toBe(String(round * 300));
    }
    db.close();
  });

  it('loses no acknowledged commit when the writing process is killed', async () => {
    const file = path.join(dir, 'killed.sqlite');
    const extension = buildWalCoalesce().file!;
    // The child commits one small transaction after another (synchronous=FULL, as the store) and prints each id once
    // its COMMIT returned; it is killed mid-stream, with frames of the next transaction possibly still buffered.
    const child = spawn(process.execPath, ['--input-type=module', '-e', `
      import Database from 'better-sqlite3';
      new Database(':memory:').loadExtension(${JSON.stringify(extension)});
      const db = new Database(${JSON.stringify(file)});
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.exec('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)');
      const insert = db.prepare('INSERT INTO t (id, v) VALUES (?, ?)');
      for (let id = 1; ; id++) {
        db.transaction(() => { for (let k = 0; k < 20; k++) insert.run(id * 100 + k, 'z'.repeat(700)); })();
        process.stdout.write(id + '\\n');
      }`], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.split('\n').length > 200) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    const acknowledged = out.split('\n').filter(Boolean).map(Number);
    expect(acknowledged.length).toBeGreaterThan(150);
    const db = new Database(file, { readonly: true });
    const stored = new Set(db.prepare('SELECT DISTINCT id / 100 FROM t').pluck().all() as number[]);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
  });
});
