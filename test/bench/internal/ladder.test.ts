import { describe, expect, it } from 'vitest';
import { targetOrder } from './ladder.ts';

/** How often target `b` runs right after target `a`, when each slice runs its order once per ladder level. */
function followers(targets: number, slices: number, levels: number): Map<string, number> {
  const runs: number[] = [];
  for (let s = 0; s < slices; s++) for (let l = 0; l < levels; l++) runs.push(...targetOrder(targets, s));
  const counts = new Map<string, number>();
  for (let k = 1; k < runs.length; k++) {
    const pair = `${runs[k - 1]}->${runs[k]}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

describe('bench ladder order', () => {
  it('runs every target once per slice and level', () => {
    for (let s = 0; s < 6; s++) expect([...targetOrder(3, s)].sort()).toEqual([0, 1, 2]);
  });

  it('lets each of two hosts follow the other as often as it is followed by it (no host always runs after the other)', () => {
    // bench -- ab: bare route 0, host A 1, host B 2; four slices of three levels, as by default.
    const counts = followers(3, 4, 3);
    const balanced = (x: string, y: string) => expect(Math.abs((counts.get(x) ?? 0) - (counts.get(y) ?? 0))).toBeLessThanOrEqual(1);
    // Equal but for where one slice meets the next.
    balanced('1->2', '2->1');
    balanced('0->1', '0->2');
    balanced('1->0', '2->0');
    // Each host follows the other one in a fair share of all runs, not in nearly all of them.
    expect(counts.get('1->2')!).toBeGreaterThanOrEqual(5);
  });
});
