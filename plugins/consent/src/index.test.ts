import { afterAll, describe, expect, it } from 'vitest';
import { createHarness, inlinePlugin } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const at = '2026-05-01T10:00:00.000Z';
const answer = (properties: Record<string, unknown>, context: Record<string, unknown> = { widget: { type: 'consent-bar', id: 'cookies' } }) =>
  ({ id: 'e1', type: 'consent-given', time: at, properties, context });

describe('consent plugin in the sandbox', () => {
  it("turns a consent bar's answer into consent patches naming the widget, for the purposes it serves", async () => {
    const r = await h.run({ dir, config: {}, event: answer({ analytics: true, marketing: false, tracking_pixels: true }), profile: { id: 'p1', consents: {} }, session: {}, input: { payload: { x: 1 } } });
    expect(r.error).toBeUndefined();
    expect(r.patches).toEqual([
      { target: 'profile', op: 'set', path: 'consents.analytics', value: { granted: true, at, source: 'widget:cookies' } },
      { target: 'profile', op: 'set', path: 'consents.marketing', value: { granted: false, at, source: 'widget:cookies' } },
    ]);
    expect(r.results).toEqual([
      { port: 'payload', payload: { x: 1 } },
      { port: 'changed', payload: { consents: { analytics: true, marketing: false }, source: 'widget:cookies' } },
    ]);
  });

  it("reads the tracker's context.consent from the session, and leaves unchanged decisions alone", async () => {
    const profile = { id: 'p1', consents: { analytics: { granted: true, at: '2026-01-01T00:00:00.000Z', source: 'tracker' } } };
    const session = { context: { consent: { analytics: true, marketing: true } } };
    const r = await h.run({ dir, config: { from: 'context' }, event: { id: 'e2', type: 'page-view', time: at, properties: {} }, profile, session });
    expect(r.error).toBeUndefined();
    expect(r.patches).toEqual([{ target: 'profile', op: 'set', path: 'consents.marketing', value: { granted: true, at, source: 'tracker' } }]);
    const again = await h.run({ dir, config: { from: 'context' }, event: { id: 'e3', type: 'page-view', time: at }, profile: { ...profile, consents: { ...profile.consents, marketing: { granted: true, at, source: 'tracker' } } }, session });
    expect(again.patches).toEqual([]);
    expect(again.results.map((x) => x.port)).toEqual(['payload']);
  });

  it('records only the configured purposes, sets expiresAt on grants, and ignores non-boolean choices', async () => {
    const r = await h.run({ dir, config: { purposes: ['marketing', 'analytics'], expiresInDays: 30 }, event: answer({ consent: { marketing: true, analytics: 'yes', preferences: true } }, {}), profile: { id: 'p1', consents: {} }, session: {} });
    expect(r.error).toBeUndefined();
    expect(r.patches).toEqual([{ target: 'profile', op: 'set', path: 'consents.marketing', value: { granted: true, at, source: 'event:consent-given', expiresAt: '2026-05-31T10:00:00.000Z' } }]);
    expect(r.logs.map((l) => l.message).join('\n')).toMatch(/consent for analytics must be true or false/);
  });

  it('refuses a configuration outside its schema, naming the field', async () => {
    const r = await h.run({ dir, config: { purposes: ['selling-data'] }, event: answer({}), profile: { id: 'p1' }, session: {} });
    expect(r.error?.code).toBe('invalid_config');
    expect(JSON.stringify(r.error?.details)).toMatch(/purposes/);
  });
});

describe('consent in the sandbox', () => {
  it('a recorded refusal or lapsed grant is not consent, for any plugin serving the purpose', async () => {
    const reader = inlinePlugin(function run(_i: any, ctx: any) {
      return { port: 'payload', payload: { analytics: ctx.consent.granted('analytics'), marketing: ctx.consent.granted('marketing'), preferences: ctx.consent.granted('preferences') } };
    }, { permissions: { profile: 'read', consent: ['analytics', 'marketing', 'preferences'] } }, 'consent-reader');
    const consents = {
      analytics: { granted: true, at },
      marketing: { granted: false, at },
      preferences: { granted: true, at, expiresAt: '2000-01-01T00:00:00.000Z' },
    };
    const r = await h.run({ ...reader, config: {}, profile: { id: 'p1', consents } });
    expect(r.results[0].payload).toEqual({ analytics: true, marketing: false, preferences: false });
  });

  it('only a plugin declaring a purpose may record consent for it', async () => {
    const writer = inlinePlugin(function run(_i: any, ctx: any) {
      ctx.update.profile.set('consents.marketing', { granted: true, at: '2026-05-01T10:00:00.000Z' });
    }, { permissions: { profile: 'write', consent: ['analytics'] } }, 'consent-forger');
    const r = await h.run({ ...writer, config: {}, profile: { id: 'p1', consents: {} } });
    expect(r.error?.code).toBe('permission_denied');
    expect(r.patches).toEqual([]);
  });
});
