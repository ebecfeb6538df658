import { describe, expect, it } from 'vitest';
import { describeCoordContract } from '../contract.ts';
import { MemoryBus } from './bus.ts';
import { MemoryLocks } from './locks.ts';

// In-process coordination has one backend per process: every "client" shares it.
const locks = new MemoryLocks();
const bus = new MemoryBus();
describeCoordContract('in-process', async () => ({ locks, bus, close: async () => undefined }));

describe('in-process locks', () => {
  it('forgets keys once nobody holds or waits for them', async () => {
    const mine = new MemoryLocks();
    await Promise.all([mine.withLock('a', 1000, () => 1), mine.withLock('a', 1000, () => 2), mine.withLock('b', 1000, () => 3)]);
    expect(mine.heldKeys).toBe(0);
  });

  it('rejects a bad key or ttl before running anything', async () => {
    let ran = false;
    await expect(new MemoryLocks().withLock('', 1000, () => { ran = true; })).rejects.toMatchObject({ code: 'invalid_lock', details: { field: 'key' } });
    await expect(new MemoryLocks().withLock('k', 0, () => { ran = true; })).rejects.toMatchObject({ code: 'invalid_lock', details: { field: 'ttlMs' } });
    expect(ran).toBe(false);
  });
});
