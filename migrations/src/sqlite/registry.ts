/**
 * The ordered registry of SQLite migration files (`src/sqlite/<id>.ts`).
 * A test checks that every migration file in this folder is registered under its own file name.
 */
import type { Database } from 'better-sqlite3';
import type { StepProgress } from '../types.ts';
import * as initial from './202611281500-initial.ts';
import * as jobs from './202611281510-jobs.ts';
import * as storedColumns from './202611281600-stored-columns.ts';
import * as outbox from './202611281700-outbox.ts';
import * as writtenColumns from './202611281830-written-columns.ts';
import * as sessionProfiles from './202611291000-session-profiles.ts';

/** One SQLite migration: synchronous, because it runs inside the transaction that records it. */
export interface SqliteMigration {
  id: string;
  description: string;
  up(db: Database, progress: StepProgress): void;
  down?(db: Database, progress: StepProgress): void;
}

/** Every SQLite migration in id order. Add new ones at the end. */
export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [
  { id: '202611281500-initial', ...initial },
  { id: '202611281510-jobs', ...jobs },
  { id: '202611281600-stored-columns', ...storedColumns },
  { id: '202611281700-outbox', ...outbox },
  { id: '202611281830-written-columns', ...writtenColumns },
  { id: '202611291000-session-profiles', ...sessionProfiles },
];


