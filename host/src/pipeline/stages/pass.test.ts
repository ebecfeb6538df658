import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCipher } from '../../auth/cipher.ts';
import type { Services } from '../../services.ts';
import { createSourceRegistry } from '../../sources/source-registry.ts';
import type { StoredSource } from '../../sources/source.schema.ts';
import { createStore, type Profile, type Store } from '../../storage/index.ts';
import type { Validated } from '../types.ts';
import { newProfile } from './entities.ts';
import { decidePass, PASS_MAX_IDLE_MS, readPass } from './pass.ts';

let dir: string;
let store: Store;
let services: Services;
const NOW = Date.parse('2026-06-01T12:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

function source(id: string, enabled: boolean): StoredSource {
  const t = iso(NOW);
  return { id, name: id, type: 'rest', description: '', enabled, ephemeral: false, allowedOrigins: [], allowStaticProfileIds: false, secret: null, createdAt: t, updatedAt: t };
}

function profile(id: string, seenMsAgo: number, extra: Partial<Profile> = {}): Profile {
  return { ...newProfile(id, iso(NOW - seenMsAgo)), ...extra };
}

const state = (context: unknown, profileLess = false) => ({ payload: { context }, request: { profileLess } }) as unknown as Validated;
const pass = (profile: unknown, source: unknown) => ({ tracardi: { pass: { profile, source } } });

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-pass-'));
  store = await createStore({ storage: 'sqlite', dataDir: dir, production: false });
  await store.config<StoredSource>('sources').putMany([source('site-a', true), source('retired', false)]);
  await store.commit({
    profiles: [
      profile('passed', 60_000),
      profile('stale', PASS_MAX_IDLE_MS + 60_000),
      { ...profile('old-id-survivor', 1000), ids: ['old-id-survivor', 'merged-away'] },
    ],
  });
  // The real store and the real cached source registry: the two services the decision reads.
  services = { store, sources: createSourceRegistry(store, createCipher(randomBytes(32)), 0) } as unknown as Services;
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('cross-domain pass rules', () => {
  it('reads only well-formed passes, normalised, never internal ids', () => {
    expect(readPass(pass(' Passed ', 'SITE-A'))).toEqual({ profileId: 'passed', sourceId: 'site-a' });
    expect(readPass(pass('@idp:x', 'site-a'))).toBeNull();
    expect(readPass(pass(42, 'site-a'))).toBeNull();
    expect(readPass(pass('passed', ''))).toBeNull();
    expect(readPass({ tracardi: 'pass' })).toBeNull();
    expect(readPass(undefined)).toBeNull();
  });

  it('adopts the passed profile for a visitor without one, and merges an anonymous one into it', async () => {
    expect(await decidePass(state(pass('passed', 'site-a')), null, services, NOW)).toMatchObject({ kind: 'adopt', profile: { id: 'passed' }, mergeFrom: null });
    const anonymous = profile('anon', 0);
    expect(await decidePass(state(pass('passed', 'site-a')), anonymous, services, NOW)).toMatchObject({ kind: 'adopt', profile: { id: 'passed' }, mergeFrom: 'anon' });
    // A merged id resolves to the survivor.
    expect(await decidePass(state(pass('merged-away', 'site-a')), anonymous, services, NOW)).toMatchObject({ kind: 'adopt', profile: { id: 'old-id-survivor' } });
  });

  it('does nothing when the visitor is already on the passed profile, or when there is no usable pass', async () => {
    expect(await decidePass(state(pass('passed', 'site-a')), profile('passed', 0), services, NOW)).toEqual({ kind: 'none' });
    expect(await decidePass(state(pass('merged-away', 'site-a')), profile('old-id-survivor', 0, { ids: ['old-id-survivor', 'merged-away'] }), services, NOW)).toEqual({ kind: 'none' });
    expect(await decidePass(state({}), null, services, NOW)).toEqual({ kind: 'none' });
    expect(await decidePass(state(pass('passed', 'site-a'), true), null, services, NOW)).toEqual({ kind: 'none' });
  });

  it('refuses unknown and disabled sources, unknown and idle profiles, and never merges an identified visitor', async () => {
    const reasons = async (context: unknown, current: Profile | null = null) => {
      const d = await decidePass(state(context), current, services, NOW);
      return d.kind === 'refused' ? d.reason : d.kind;
    };
    expect(await reasons(pass('passed', 'made-up'))).toMatch(/source `made-up` is not a known, enabled event source/);
    expect(await reasons(pass('passed', 'retired'))).toMatch(/not a known, enabled event source/);
    expect(await reasons(pass('nobody', 'site-a'))).toMatch(/does not exist/);
    expect(await reasons(pass('stale', 'site-a'))).toMatch(/not been active in the last 30 minutes/);
    expect(await reasons(pass('passed', 'site-a'), profile('customer', 0, { pii: { email: 'ann@example.com' } }))).toMatch(/identified/);
    expect(await reasons(pass('passed', 'site-a'), profile('member', 0, { ids: ['member', '@idp:traits.login:abc'] }))).toMatch(/identified/);
  });
});
