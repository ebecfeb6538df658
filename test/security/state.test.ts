// Attacks that try to carry one event's data into the next call (another event, another profile) on a warm isolate.
import { afterAll, describe, expect, it } from 'vitest';
import { createSandbox } from '@tessera/host/sandbox/index.ts';
import { attack, callOf, expectContained, expectServing } from './_harness.ts';

// One isolate per plugin, so consecutive calls certainly share the warm isolate.
const sandbox = createSandbox({ env: {}, isolatesPerPlugin: 1 });
afterAll(() => sandbox.close());

const events = [
  { id: 'e-1', type: 'purchase', email: 'alice@example.com' },
  { id: 'e-2', type: 'purchase', email: 'bob@example.com' },
];

describe('security: no state between calls', () => {
  it('global-stash: globals cannot be written, so nothing is left for the next event', async () => {
    const plugin = await attack('global-stash', { permissions: { event: 'read' } });
    for (const event of events) {
      const r = await sandbox.run(callOf(plugin, { event }));
      await expectContained(sandbox, r, 'plugin_error', /TypeError: Cannot add property __stash, object is not extensible/);
    }
  });

  it('module-state: module-level variables start fresh on every call', async () => {
    const plugin = await attack('module-state', { permissions: { event: 'read' } });
    const first = await sandbox.run(callOf(plugin, { event: events[0] }));
    const second = await sandbox.run(callOf(plugin, { event: events[1] }));
    expect(first.results[0].payload).toEqual(['alice@example.com']);
    expect(second.results[0].payload).toEqual(['bob@example.com']);
    expect(sandbox.stats().isolates).toBeGreaterThan(0);
    await expectServing(sandbox);
  });

  it('regexp-statics: RegExp.$1 / lastMatch do not carry the previous event\'s match', async () => {
    const plugin = await attack('regexp-statics', { permissions: { event: 'read' } });
    for (const event of events) {
      const r = await sandbox.run(callOf(plugin, { event }));
      await expectContained(sandbox, r, 'plugin_error', /no RegExp statics to read/);
    }
  });

  it('sdk-library-stash: the SDK library shared by the calls of an isolate is frozen, so it carries nothing over', async () => {
    const plugin = await attack('sdk-library-stash', { permissions: { event: 'read' } });
    const first = await sandbox.run(callOf(plugin, { event: events[0] }));
    const second = await sandbox.run(callOf(plugin, { event: events[1] }));
    expect(first.error).toBeUndefined();
    expect(second.error).toBeUndefined();
    expect(first.results[0].payload).toEqual({ found: [], stored: [] });
    expect(second.results[0].payload).toEqual({ found: [], stored: [] });
    await expectServing(sandbox);
  });

  it('prototype-stash: built-in prototypes cannot hold data for the next call', async () => {
    const plugin = await attack('prototype-stash', { permissions: { event: 'read' } });
    for (const event of events) {
      const r = await sandbox.run(callOf(plugin, { event }));
      await expectContained(sandbox, r, 'plugin_error', /TypeError: Cannot define property __stash, object is not extensible/);
    }
  });
});
