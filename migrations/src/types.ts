/**
 * Adapter-neutral migration types. A migration id is `YYYYMMDDHHmm-description`; the same id is implemented once per
 * storage adapter (`src/<adapter>/<id>.ts`), and each adapter supplies a {@link MigrationTarget} that knows how to
 * run its own implementations and where to record which ids are applied.
 */

/** One migration as the runner sees it (the adapter-specific code stays behind the target). */
export interface MigrationStep {
  /** `YYYYMMDDHHmm-description`, identical across adapters. */
  id: string;
  /** One line saying what the migration changes. */
  description: string;
  /** True when the migration has a `down`. */
  reversible: boolean;
}

/** A migration recorded as applied in the store. */
export interface AppliedMigration {
  id: string;
  appliedAt: string;
}

/** Reports progress inside one migration, e.g. documents reindexed so far out of a total. */
export type StepProgress = (done: number, total: number) => void;

/** What a step's execution did: `applied`, or `skipped` because another process applied it first. */
export type StepOutcome = 'applied' | 'skipped';

/**
 * The storage-specific half of migrations. The SQLite target runs each migration and its record in one transaction;
 * targets without transactions (Elasticsearch) must make every `up` safe to re-run after a crash.
 */
export interface MigrationTarget {
  /** Adapter name, e.g. `sqlite`. */
  readonly adapter: string;
  /** Every migration this adapter knows, in id order. */
  readonly steps: readonly MigrationStep[];
  /** The migrations recorded as applied, in any order. */
  applied(): Promise<AppliedMigration[]>;
  /** Runs `up` of one migration and records it; skips when it is already recorded. */
  apply(id: string, progress: StepProgress): Promise<StepOutcome>;
  /** Runs `down` of one migration and removes its record. */
  revert(id: string, progress: StepProgress): Promise<StepOutcome>;
}

/** A progress event for drawing a progress bar: `overall` goes from 0 to 1 across the whole run. */
export interface MigrationProgress {
  /** `start` before a migration, `step` inside it, `done` after it, `finish` once at the end. */
  phase: 'start' | 'step' | 'done' | 'finish';
  /** The migration concerned (absent on `finish`). */
  id?: string;
  /** 1-based position of the migration among those this run executes. */
  index: number;
  /** How many migrations this run executes. */
  total: number;
  /** Progress within the current migration, 0..1. */
  fraction: number;
  /** Progress over the whole run, 0..1. */
  overall: number;
}

/** Options of {@link migrate} and {@link rollback}. */
export interface MigrateOptions {
  target: MigrationTarget;
  /** List what would run, change nothing. */
  dryRun?: boolean;
  /** Called on every progress event (the CLI draws a bar from `overall`). */
  onProgress?: (progress: MigrationProgress) => void;
}

/** What a run did (or, with `dryRun`, would do). */
export interface MigrateResult {
  adapter: string;
  dryRun: boolean;
  /** Ids executed by this run, in order (with `dryRun`: the ids that would be executed). */
  executed: string[];
  /** Ids that were already applied before this run. */
  alreadyApplied: string[];
  /** Ids another process applied while this run waited (counted as done). */
  skipped: string[];
}
