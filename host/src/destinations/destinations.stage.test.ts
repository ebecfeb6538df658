/**
 * The `destinations` stage on a real SQLite store: a profile change is recorded as sent only by a request that
 * commits; when the commit fails, the pipeline runs the stage's undo and the next request sends the change again.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryBus } from '../coord/index.ts';
import type { Resolved } from '../pipeline/types.ts';
import type { Services } from '../services.ts';
import { makeProfile } from '../storage/internal/fixtures.ts';
import { createSqliteStore } from '../storage/sqlite/store.ts';
import { destinationRecords } from './destinations.service.ts';
import { destinations, FINGERPRINT_NAMESPACE } from './destinations.stage.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-destinations-stage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('destinations stage', () => {
  it('undoes the recorded profile fingerprint when the request is not committed', async () => {
    const store = await createSqliteStore(path.join(dir, 'stage.sqlite'));
    try {
      const services = { store, bus: new MemoryBus(), log: console } as unknown as Services;
      await destinationRecords(services).put({
        id: 'crm', name: 'CRM', plugin: { name: '@tessera/plugin-webhook-destination', version: '1.0.0' }, config: {}, on: 'profile-changed',
        eventTypes: [], condition: null, enabled: true, delivery: { attempts: 1, backoffMs: 100 }, sealedResources: null, resourceKeys: {},
      } as never);
      const stateFor = (vip: boolean) => ({
        profile: makeProfile('stage', 'p1', { traits: { vip } }), session: null, isNewProfile: false, isNewSession: false, tracked: [],
        save: { profile: true, session: true, events: true }, out: { warnings: [] },
      }) as unknown as Resolved;
      const dispatches = (s: Resolved) => (s.jobs ?? []).filter((j) => j.name === 'dispatch').length;

      const first = await destinations.run(stateFor(true), services);
      expect(dispatches(first)).toBe(1);
      expect(first.undoIfNotCommitted).toHaveLength(1);
      // Committed: the same profile again sends nothing.
      expect(dispatches(await destinations.run(stateFor(true), services))).toBe(0);

      // A change whose request fails to commit: the pipeline undoes, and the change is sent by the next request.
      const failed = await destinations.run(stateFor(false), services);
      expect(dispatches(failed)).toBe(1);
      for (const undo of failed.undoIfNotCommitted ?? []) await undo();
      const fingerprint = await store.kv.get(FINGERPRINT_NAMESPACE, 'p1');
      expect(dispatches(await destinations.run(stateFor(false), services))).toBe(1);
      expect(await store.kv.get(FINGERPRINT_NAMESPACE, 'p1')).not.toBe(fingerprint);

      // The first fingerprint of a profile is deleted, not left behind, when its request fails.
      const fresh = await destinations.run({ ...stateFor(true), profile: makeProfile('stage', 'p2') } as Resolved, services);
      for (const undo of fresh.undoIfNotCommitted ?? []) await undo();
      expect(await store.kv.get(FINGERPRINT_NAMESPACE, 'p2')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});
