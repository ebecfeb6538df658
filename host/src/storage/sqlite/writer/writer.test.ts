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

  it('commits every submission whatever the timing: bursts, single ones, while the writer commits and while it idles', async () => {
    const file = path.join(dir, 'timing.sqlite');
    (await openSqlite(file)).close();
    const writer = await SqliteWriter.start(file, { encode: encodeSubmissions });
    // A fixed pseudo-random schedule: each step submits a few (sometimes none) and then waits a turn, a microtask or
    // up to two milliseconds, so answers arrive before, between and after the turns that submit.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const pending: Promise<unknown>[] = [];
    const busy = (ms: number) => { const end = performance.now() + ms; while (performance.now() < end); };
    // Some answers submit again and hold the thread a moment, right where an answer is being handled.
    const submit = (id: string): void => {
      pending.push(writer.submit([put(id)]).then(() => {
        if (random() < 0.3) { submit(`${id}+`); busy(random() * 2); }
      }));
    };
    for (let step = 0; step < 400; step++) {
      const burst = Math.floor(random() * 4);
      for (let i = 0; i < burst; i++) submit(`t${step}-${i}`);
      const wait = random();
      if (wait < 0.4) await new Promise((r) => setImmediate(r));
      else if (wait < 0.7) await Promise.resolve();
      else await new Promise((r) => setTimeout(r, Math.floor(random() * 3)));
    }
    // A lost hand-over (a submission no group ever takes) would leave some pending. Answers add submissions, so wait
    // until a round adds none.
    for (let seen = -1; seen !== pending.length;) {
      seen = pending.length;
      let timer: NodeJS.Timeout | undefined;
      const stalled = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('submissions still pending after 20 s')), 20_000); });
      try {
        await Promise.race([Promise.all(pending), stalled]);
      } finally {
        clearTimeout(timer);
      }
    }
    expect(writer.stats.items).toBe(pending.length);
    // Then idle, then one more: an idle writer is handed it too.
    await new Promise((r) => setTimeout(r, 50));
    await writer.submit([put('after-idle')]);
    expect(writer.stats.items).toBe(pending.length + 1);
    await writer.close();
  });

  it('refuses to start on a file that is not a database', async () => {
    fs.writeFileSync(path.join(dir, 'not-a-db.sqlite'), 'this is not a database file, just text that is long enough '.repeat(100));
    await expect(SqliteWriter.start(path.join(dir, 'not-a-db.sqlite'))).rejects.toMatchObject({ code: 'storage_failed' });
  });
});
