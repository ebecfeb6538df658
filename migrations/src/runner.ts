/**
 * The migration runner: works out which migrations are pending for a target and applies them in id order,
 * reporting progress. Safe to run twice: applied ids are skipped, and the target re-checks each id when it runs it.
 */
import { migrationError } from './errors.ts';
import type { MigrateOptions, MigrateResult, MigrationProgress, MigrationStep, MigrationTarget } from './types.ts';

/** `YYYYMMDDHHmm-description` with a kebab-case description. */
export const MIGRATION_ID = /^\d{12}-[a-z0-9]+(-[a-z0-9]+)*$/;

/** Checks a target's step list: well-formed, unique, ascending ids. Throws `migration_invalid` otherwise. */
export function checkSteps(steps: readonly MigrationStep[]): void {
  let previous = '';
  for (const step of steps) {
    if (!MIGRATION_ID.test(step.id)) {
      throw migrationError('migration_invalid', `migration id "${step.id}" is not YYYYMMDDHHmm-description`, { id: step.id });
    }
    if (step.id <= previous) {
      throw migrationError('migration_invalid', `migration "${step.id}" is out of order or duplicated (after "${previous}")`, { id: step.id });
    }
    previous = step.id;
  }
}

/** Plans a run: which migrations are applied and which are pending. Refuses a store newer than this code. */
export async function plan(target: MigrationTarget): Promise<{ applied: string[]; pending: MigrationStep[] }> {
  checkSteps(target.steps);
  const known = new Set(target.steps.map((s) => s.id));
  const applied = (await target.applied()).map((a) => a.id).sort();
  const unknown = applied.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    // A store migrated by a newer Tessera: running older code against it could corrupt data.
    throw migrationError('migration_unknown', `the ${target.adapter} store has migrations this version does not know: ${unknown.join(', ')}`, { unknown });
  }
  const done = new Set(applied);
  return { applied, pending: target.steps.filter((s) => !done.has(s.id)) };
}

/** Applies every pending migration of the target in id order (or, with `dryRun`, only lists them). */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const { target, dryRun = false, onProgress } = options;
  const { applied, pending } = await plan(target);
  const result: MigrateResult = { adapter: target.adapter, dryRun, executed: [], alreadyApplied: applied, skipped: [] };
  if (dryRun) {
    result.executed = pending.map((s) => s.id);
    return result;
  }
  await runSteps(pending, (id, progress) => target.apply(id, progress), result, onProgress);
  return result;
}

/**
 * Reverts applied migrations newer than `to` (all of them when `to` is null), newest first.
 * Fails before changing anything when one of them has no `down`.
 */
export async function rollback(options: MigrateOptions & { to: string | null }): Promise<MigrateResult> {
  const { target, dryRun = false, onProgress, to } = options;
  const { applied } = await plan(target);
  if (to !== null && !target.steps.some((s) => s.id === to)) {
    throw migrationError('migration_not_found', `no migration "${to}" for ${target.adapter}`, { id: to });
  }
  const appliedSet = new Set(applied);
  const revert = target.steps.filter((s) => appliedSet.has(s.id) && (to === null || s.id > to)).reverse();
  const irreversible = revert.filter((s) => !s.reversible).map((s) => s.id);
  if (irreversible.length > 0) {
    throw migrationError('migration_irreversible', `cannot roll back: no down for ${irreversible.join(', ')}`, { irreversible });
  }
  const result: MigrateResult = { adapter: target.adapter, dryRun, executed: [], alreadyApplied: applied, skipped: [] };
  if (dryRun) {
    result.executed = revert.map((s) => s.id);
    return result;
  }
  await runSteps(revert, (id, progress) => target.revert(id, progress), result, onProgress);
  return result;
}

async function runSteps(
  steps: readonly MigrationStep[],
  run: (id: string, progress: (done: number, total: number) => void) => Promise<'applied' | 'skipped'>,
  result: MigrateResult,
  onProgress: ((p: MigrationProgress) => void) | undefined,
): Promise<void> {
  const total = steps.length;
  const emit = (p: MigrationProgress): void => onProgress?.(p);
  for (const [i, step] of steps.entries()) {
    const base = { id: step.id, index: i + 1, total };
    emit({ ...base, phase: 'start', fraction: 0, overall: i / total });
    const outcome = await run(step.id, (done, of) => {
      const fraction = of > 0 ? Math.min(1, done / of) : 0;
      emit({ ...base, phase: 'step', fraction, overall: (i + fraction) / total });
    });
    (outcome === 'applied' ? result.executed : result.skipped).push(step.id);
    emit({ ...base, phase: 'done', fraction: 1, overall: (i + 1) / total });
  }
  emit({ phase: 'finish', index: total, total, fraction: 1, overall: 1 });
}
