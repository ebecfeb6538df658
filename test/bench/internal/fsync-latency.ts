/**
 * How long this disk takes to make a small write durable (`fdatasync` after a 4 KB write), timed in a folder on the
 * same file system as the database. A durable commit cannot be faster than one such flush, so it bounds how many
 * groups per second the SQLite writer can commit; the bench prints it so a reader knows the ceiling.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Median and 90th percentile of `samples` flushes, in ms. */
export function fsyncLatency(dir: string, samples = 40): { p50: number; p90: number } {
  const probe = fs.mkdtempSync(path.join(dir, 'fsync-probe-'));
  const fd = fs.openSync(path.join(probe, 'probe'), 'w');
  const block = Buffer.alloc(4096, 1);
  const ms: number[] = [];
  try {
    for (let i = 0; i < samples; i++) {
      fs.writeSync(fd, block, 0, block.length, i * block.length);
      const t0 = process.hrtime.bigint();
      fs.fdatasyncSync(fd);
      ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    fs.closeSync(fd);
    fs.rmSync(probe, { recursive: true, force: true });
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(samples / 2)]!, p90: ms[Math.floor(samples * 0.9)]! };
}
