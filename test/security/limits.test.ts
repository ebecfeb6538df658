// Attacks on time, memory and size: each must fail its own call, get its isolate rebuilt, and leave the host serving.
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '@tessera/host/sandbox/index.ts';
import { attack, callOf, expectContained, expectServing } from './_harness.ts';

const sandbox = createSandbox({ env: {}, maxTimeoutMs: 1000, maxMemoryMb: 64 });
afterAll(() => sandbox.close());

describe('security: resource limits', () => {
  it('infinite-loop: killed at the manifest timeout and the isolate is rebuilt', async () => {
    const before = sandbox.stats().rebuilt;
    const t = performance.now();
    const r = await sandbox.run(callOf(await attack('infinite-loop', { limits: { timeoutMs: 100 } })));
    expect(performance.now() - t).toBeLessThan(2500);
    await expectContained(sandbox, r, 'plugin_timeout', /ran longer than its timeout of 100 ms/);
    expect(sandbox.stats().rebuilt).toBe(before + 1);
  });

  it('infinite-loop: the host cap wins over a manifest asking for 60 s', async () => {
    const t = performance.now();
    const r = await sandbox.run(callOf(await attack('infinite-loop', { limits: { timeoutMs: 60000 } }, 'attack-greedy-loop')));
    expect(performance.now() - t).toBeLessThan(5000);
    await expectContained(sandbox, r, 'plugin_timeout', /timeout of 1000 ms/);
  });

  it('promise-chain: an endless microtask chain after returning is cut off (by time or by the memory it piles up)', async () => {
    const r = await sandbox.run(callOf(await attack('promise-chain')));
    await expectContained(sandbox, r, ['plugin_timeout', 'plugin_memory_limit'], /timeout of 300 ms|memory limit of 16 MB/);
  });

  it('loop-after-await: code resumed after a host operation is under the timeout too', async () => {
    const r = await sandbox.run(callOf(await attack('loop-after-await', { permissions: { kv: 'plugin' } })));
    await expectContained(sandbox, r, 'plugin_timeout', /timeout of 300 ms/);
  });

  it('never-settles: a promise that never settles fails at the timeout', async () => {
    const r = await sandbox.run(callOf(await attack('never-settles')));
    await expectContained(sandbox, r, 'plugin_timeout', /did not finish within its timeout of 300 ms/);
  });

  it('memory-bomb: stopped at the memory limit; the isolate is rebuilt', async () => {
    const before = sandbox.stats().rebuilt;
    const r = await sandbox.run(callOf(await attack('memory-bomb', { limits: { timeoutMs: 5000, memoryMb: 16 } })));
    await expectContained(sandbox, r, 'plugin_memory_limit', /exceeded its memory limit of 16 MB/);
    expect(sandbox.stats().rebuilt).toBe(before + 1);
  });

  it('huge-result: an 8 MB result is refused', async () => {
    const r = await sandbox.run(callOf(await attack('huge-result', { limits: { timeoutMs: 2000, memoryMb: 128 } })));
    await expectContained(sandbox, r, 'result_too_large', /more than the 1048576 allowed/);
  });

  it('deep-recursion: a stack overflow is an ordinary plugin error', async () => {
    const r = await sandbox.run(callOf(await attack('deep-recursion')));
    await expectContained(sandbox, r, 'plugin_error', /RangeError: Maximum call stack size exceeded/);
  });

  it('tojson-trap: a loop hidden in toJSON during serialisation is under the timeout', async () => {
    const r = await sandbox.run(callOf(await attack('tojson-trap')));
    await expectContained(sandbox, r, 'plugin_timeout', /timeout/);
  });

  it('op-flood: at most 100 host operations per call reach the host', async () => {
    let gets = 0;
    const counting = createSandbox({ env: {}, kv: { get: () => { gets++; return undefined; }, set: () => {}, delete: () => {} } });
    try {
      const r = await counting.run(callOf(await attack('op-flood', { permissions: { kv: 'plugin' }, limits: { timeoutMs: 2000, memoryMb: 64 } })));
      await expectContained(counting, r, 'too_many_operations', /more than 100 host operations/);
      expect(gets).toBeLessThanOrEqual(100);
    } finally {
      await counting.close();
    }
  });

  it('busy-wait: after one call holds the host thread far past the sync budget, the plugin runs off-thread and the event loop keeps ticking', async () => {
    // About 100 ms of CPU per call (30 million loop turns) against a 2 ms budget: demoted after the first call.
    const busy = createSandbox({ env: {}, syncBudgetMs: 2, maxTimeoutMs: 20000 });
    const plugin = await attack('busy-wait', { limits: { timeoutMs: 20000 }, config: { type: 'object', properties: { work: { type: 'number' } } } });
    const ticksDuring = async () => {
      let ticks = 0;
      const timer = setInterval(() => { ticks++; }, 5);
      const r = await busy.run(callOf(plugin, { config: { work: 3e7 } }));
      clearInterval(timer);
      expect(r.error).toBeUndefined();
      return ticks;
    };
    try {
      expect(await ticksDuring()).toBeLessThanOrEqual(1);
      expect(busy.stats().offThread).toBe(1);
      expect(await ticksDuring()).toBeGreaterThanOrEqual(5);
      await expectServing(busy);
    } finally {
      await busy.close();
    }
  });

  it('many attacks in a row leave the pool bounded', async () => {
    const s = sandbox.stats();
    expect(s.isolates).toBeLessThanOrEqual(2 * s.plugins);
  });
});
