import { describe, expect, it } from 'vitest';
import { isolateTimeout } from './isolate-entry.ts';

describe('isolateTimeout', () => {
  it('never gives a call less time than it is allowed, and at most a tenth more (100 ms at most) plus the rounding to whole ms', () => {
    for (const ms of [1, 7, 50, 250, 1000, 5000, 30_000]) {
      const step = Math.min(100, Math.max(1, Math.round(ms / 10)));
      for (let i = 0; i < 200; i++) {
        const now = 1_000_000 + i * 0.37;
        const t = isolateTimeout(ms, now);
        expect(Number.isInteger(t)).toBe(true);
        expect(t).toBeGreaterThanOrEqual(ms);
        expect(t).toBeLessThan(ms + step + 1);
      }
    }
  });

  it('puts the deadlines of calls made within one grid step on the same grid point (within the 1 ms isolated-vm resolves)', () => {
    // Calls 0.1 ms apart over one 100 ms step, all with a 5 s timeout: every deadline lands on one of two grid points.
    const gridPoints = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const now = 2_000_000.05 + i * 0.1;
      const deadline = now + isolateTimeout(5000, now);
      gridPoints.add(Math.floor(deadline / 100));
      expect(deadline % 100).toBeLessThan(1);
    }
    expect(gridPoints.size).toBeLessThanOrEqual(2);
  });
});
