import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { migrate, rollback } from '../runner.ts';
import type { MigrationProgress } from '../types.ts';
import { SQLITE_MIGRATIONS, sqliteMigrationTarget } from './index.ts';

const AT = SQLITE_MIGRATIONS.findIndex((m) => m.id === '202611291000-session-profiles');
const UPTO = SQLITE_MIGRATIONS.slice(0, AT + 1);
let db: Database.Database;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-session-profiles-'));
afterEach(() => db?.close());
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const indexColumns = (index: string): string[] =>
  (db.prepare(`PRAGMA index_info(${index})`).all() as { name: string }[]).map((c) => c.name);
const indexes = (): string[] =>
  db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'events' AND sql IS NOT NULL ORDER BY name").pluck().all() as string[];
const pairs = (): unknown[] => db.prepare('SELECT session_id, profile_id FROM session_profiles ORDER BY 1, 2').raw().all();
const event = (id: string, profileId: string | null, sessionId: string | null): [string, string] =>
  [id, JSON.stringify({ id, type: 'view', sourceId: 's', profileId, sessionId, time: `2026-01-01T00:00:${id.slice(-2)}Z` })];

describe('SQLite 202611291000-session-profiles', () => {
  it('records every session/profile pair of the stored events, drops the session index, and rolls back', async () => {
    db = new Database(path.join(root, 'x.sqlite'));
    await migrate({ target: sqliteMigrationTarget(db, SQLITE_MIGRATIONS.slice(0, AT)) });
    const insert = db.prepare('INSERT INTO events (id, doc) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 12_000; i++) {
        // 3000 sessions, each with events of two profiles; every 7th event has no profile, every 11th no session.
        const profile = i % 7 === 0 ? null : `p${(i % 3000) + 3000 * (Math.floor(i / 3000) % 2)}`;
        insert.run(...event(`e${String(i).padStart(5, '0')}`, profile, i % 11 === 0 ? null : `s${i % 3000}`));
      }
    })();
    const expected = db.prepare(`SELECT DISTINCT session_id, coalesce(profile_id, '') FROM events WHERE session_id IS NOT NULL ORDER BY 1, 2`).raw().all();
    expect(expected.length).toBeGreaterThan(6000);

    const steps: MigrationProgress[] = [];
    const result = await migrate({ target: sqliteMigrationTarget(db, UPTO), onProgress: (p) => steps.push(p) });
    expect(result.executed).toEqual(['202611291000-session-profiles']);
    const fractions = steps.filter((s) => s.phase === 'step').map((s) => s.fraction);
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(pairs()).toEqual(expected);
    expect(indexes()).not.toContain('events_session_time');
    expect(indexColumns('events_profile_time')).toEqual(['profile_id', 'time', 'id', 'session_id']);

    // Listing a session reads its profile's index range and checks the session there.
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT id FROM events WHERE profile_id = 'p7' AND session_id = 's7' ORDER BY time DESC, id DESC LIMIT 5").all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(';')).toMatch(/^SEARCH events USING INDEX events_profile_time \(profile_id=\?\)$/);

    await rollback({ target: sqliteMigrationTarget(db, UPTO), to: SQLITE_MIGRATIONS[AT - 1]!.id });
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE '%session_profiles%'").pluck().get()).toBe(0);
    expect(indexColumns('events_session_time')).toEqual(['session_id', 'time', 'id']);
    expect(indexColumns('events_profile_time')).toEqual(['profile_id', 'time', 'id']);
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(12_000);
    expect((await migrate({ target: sqliteMigrationTarget(db, UPTO) })).executed).toEqual(['202611291000-session-profiles']);
    expect(pairs()).toEqual(expected);
  });
});
