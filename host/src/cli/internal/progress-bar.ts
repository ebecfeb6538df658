/**
 * A text progress bar for long CLI operations (`tessera migrate`). On a terminal it redraws one line; in a log
 * (CI, `kubectl logs`) it prints a line per migration and per tenth of progress, so progress is visible either way.
 */
import type { MigrationProgress } from '@tessera/migrations';

const WIDTH = 30;

/** Renders one bar line, e.g. `[#########.....................]  30% 202611281500-initial`. */
export function renderBar(overall: number, label: string): string {
  const f = Math.max(0, Math.min(1, overall));
  const filled = Math.round(f * WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${String(Math.round(f * 100)).padStart(3)}% ${label}`;
}

/** A progress listener writing to `out` (a TTY gets a redrawn line). */
export function migrationProgressBar(out: NodeJS.WriteStream = process.stdout): (p: MigrationProgress) => void {
  let lastTenth = -1;
  return (p) => {
    const label = p.phase === 'finish' ? 'done' : `${p.id ?? ''} (${p.index}/${p.total})`;
    const line = renderBar(p.overall, label);
    if (out.isTTY) {
      out.write(`\r${line}\x1b[K${p.phase === 'finish' ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor(p.overall * 10);
    if (p.phase === 'start' || p.phase === 'done' || p.phase === 'finish' || tenth > lastTenth) {
      lastTenth = tenth;
      out.write(`${line}\n`);
    }
  };
}
