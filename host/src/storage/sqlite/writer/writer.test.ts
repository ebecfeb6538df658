import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqlite } from '../database.ts';
import type { WriteOp } from '../internal/write-ops.ts';
import { encodeSubmissions } from '../internal/write-ops-codec.ts';
import { SqliteWriter } from './writer.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-writer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const put = (id: string): WriteOp => ({ op: 'put', table: 'events', id, json: JSON.stringify({ id, time: '2026-01-01' }) });

describe('SQLite writer thread', () => {
  it.each([
    ['cloned', {}],
    ['encoded and transferred', { encode: encodeSubmissions }],
  ])('commits submissions of one tick together and fails only the bad one (%s)', async (mode, options) => {
    const file = path.join(dir, `isolation-${mode.replace(/ /g, '-')}.sqlite`);
    (await openSqlite(file)).close();
    const writer = await SqliteWriter.start(file, options);
    const results = await Promise.allSettled([
      writer.submit([put('a')]),
      writer.submit([put('b'), { op: 'put', table: 'no_such_table' as 'events', id: 'x', json: '{}' }]),
      writer.submit([put('c')]),
      writer.submit([{ op: 'delete', table: 'events', id: 'a' }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'storage_failed', status: 500 });
    expect((results[3] as PromiseFulfilledResult<unknown>).value).toBe(true);
    expect(writer.stats).toEqual({ groups: 1, items: 4 });
    await writer.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT id FROM events ORDER BY id').pluck().all()).toEqual(['c']);
    db.close();
  });

  it('groups what arrives while a commit is in flight into the next transaction', async () => {
    const file = path.join(dir, 'pipeline.sqlite');
    (await openSqlite(file)).close();
    const writer = await SqliteWriter.start(file);
    // A big first submission, so that its commit is surely still running while the next turns post theirs.
    const first = writer.submit(Array.from({ length: 3000 }, (_, i) => put(`first-${i}`)));
    await new Promise((r) => setImmediate(r));
    // The first submission is now with the writer; these are posted while it commits, one turn at a time, and the
    // writer takes all of them waiting on its port into its next transaction.
    const rest: Promise<unknown>[] = [];
    for (let turn = 0; turn < 5; turn++) {
      rest.push(...Array.from({ length: 10 }, (_, i) => writer.submit([put(`e${turn}-${i}`)])));
      await new Promise((r) => setImmediate(r));
    }
    await Promise.all([first, ...rest]);
    expect(writer.stats.items).toBe(51);
    expect(writer.stats.groups).toBeLessThan(4);
    await writer.close();
    await expect(writer.submit([put('late')])).rejects.toMatchObject({ code: 'store_closed' });
  });

  it('refuses to start on a file that is not a database', async () => {
    fs.writeFileSync(path.join(dir, 'not-a-db.sqlite'), 'this is not a database file, just text that is long enough '.repeat(100));
    await expect(SqliteWriter.start(path.join(dir, 'not-a-db.sqlite'))).rejects.toMatchObject({ code: 'storage_failed' });
  });
});
