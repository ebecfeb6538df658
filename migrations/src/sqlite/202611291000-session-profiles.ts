/**
 * SQLite 202611291000-session-profiles: a session's events are found through the profiles that own them, not through
 * an index of their own. `events_session_time` cost every event insert an entry at a random place of a large index
 * (a page dirtied, logged to the WAL and checkpointed per event), although it served one read: listing a session.
 *
 * Instead, `session_profiles` holds each pair (session id, profile id) that events carry; the store writes it with
 * every event (`host/src/storage/sqlite/internal/write-ops.ts`). A returning visitor's event finds its pair already
 * there and writes nothing; a new session adds one small row. `events_profile_time` gains `session_id` as its last
 * column, so listing a session reads the index range of its profile (usually one) and checks the session there,
 * fetching only the session's own rows. The store narrows a `sessionId` filter this way
 * (`host/src/storage/sqlite/internal/query.ts`, `keyedBy`).
 *
 * The table may hold pairs no event carries any more (an event deleted or replaced): a pair only narrows a search
 * that still checks the session itself, so extra pairs cost a little reading, never a wrong result. An event without
 * a profile is recorded under the profile id `''`, and a search for its session also looks at events without one.
 * (A trigger on events would keep the pairs without the store's help, but in a micro-benchmark of the writer it made a
 * new visitor's four event inserts about 40 µs dearer, more than the index it replaces; the store's own insert of
 * the pair is cheaper than the index for both new and returning visitors.)
 */
import type { Database } from 'better-sqlite3';
import type { StepProgress } from '../types.ts';

/** What this migration changes. */
export const description = 'events: session listings through a session → profile table and the profile index, instead of an index on session_id';

const CHUNK = 5000;

/** Fills `session_profiles` from the stored events, in rowid ranges with progress. */
function fillFromEvents(db: Database, progress: StepProgress): void {
  const total = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  progress(0, total);
  const upTo = db.prepare(`SELECT max(rowid) FROM (SELECT rowid FROM events WHERE rowid > ? ORDER BY rowid LIMIT ${CHUNK})`).pluck();
  const copy = db.prepare(`INSERT OR IGNORE INTO session_profiles (session_id, profile_id)
    SELECT session_id, coalesce(profile_id, '') FROM events WHERE rowid > ? AND rowid <= ? AND session_id IS NOT NULL`);
  let done = 0;
  for (let after = 0; ;) {
    const last = upTo.get(after) as number | null;
    if (last === null) break;
    copy.run(after, last);
    // Each range holds CHUNK rows, the last one what is left.
    done = Math.min(done + CHUNK, total);
    after = last;
    progress(done, total);
  }
  progress(total, total);
}

/** Creates and fills `session_profiles`, replaces the profile index by the wider one, and drops `events_session_time`. */
export function up(db: Database, progress: StepProgress): void {
  db.exec(`
    CREATE TABLE session_profiles (
      session_id ANY NOT NULL,
      profile_id ANY NOT NULL,
      PRIMARY KEY (session_id, profile_id)
    ) STRICT, WITHOUT ROWID;
  `);
  fillFromEvents(db, progress);
  db.exec(`
    DROP INDEX events_session_time;
    DROP INDEX events_profile_time;
    CREATE INDEX events_profile_time ON events (profile_id, time, id, session_id);
  `);
}

/** Restores the session index and the narrower profile index, and drops the table. */
export function down(db: Database, progress: StepProgress): void {
  progress(0, 1);
  db.exec(`
    DROP TABLE session_profiles;
    DROP INDEX events_profile_time;
    CREATE INDEX events_profile_time ON events (profile_id, time, id);
    CREATE INDEX events_session_time ON events (session_id, time, id);
  `);
  progress(1, 1);
}
