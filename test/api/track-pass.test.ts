/**
 * Cross-domain profile passing over real HTTP: `context.tracardi.pass.{profile, source}` (what the tracker sends after
 * a `__tr_pid`/`__tr_src` link) moves the visitor onto the passed profile, an anonymous profile left behind is merged
 * into it by the merge job, and passes naming an unknown or disabled source or an unknown profile are ignored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let siteA: string;
let siteB: string;

beforeAll(async () => {
  host = await startHost();
  siteA = (await host.api.createSource({ name: 'site A' })).id;
  siteB = (await host.api.createSource({ name: 'site B' })).id;
});
afterAll(() => host?.dispose());

const pass = (profile: string, source: string) => ({ tracardi: { pass: { profile, source } } });

async function visitA(): Promise<{ profile: string; session: string }> {
  const res = await host.api.track({ source: { id: siteA }, events: [{ type: 'page-view', properties: { site: 'A' } }] });
  expect(res.status).toBe(200);
  return { profile: res.body.profile.id, session: res.body.session.id };
}

describe('cross-domain profile pass', () => {
  it('an anonymous visitor of site B continues on the passed profile, and the anonymous profile is merged into it', async () => {
    const a = await visitA();
    // The visitor has been on site B before, anonymously.
    const before = await host.api.track({ source: { id: siteB }, events: [{ type: 'page-view', properties: { site: 'B' } }] });
    const anonymous = before.body.profile.id as string;
    expect(anonymous).not.toBe(a.profile);

    const landed = await host.api.track({
      source: { id: siteB }, session: before.body.session, profile: { id: anonymous }, context: pass(a.profile, siteA),
      events: [{ type: 'landing', properties: { from: 'A' } }],
    });
    expect(landed.status).toBe(200);
    expect(landed.body.warnings).toEqual([]);
    expect(landed.body.profile.id).toBe(a.profile);
    const landing = await host.api.get(`/api/events/${landed.body.events[0]}`);
    expect(landing.body.profileId).toBe(a.profile);
    expect((await host.api.get(`/api/sessions/${before.body.session.id}`)).body.profileId).toBe(a.profile);

    // The merge job folds the anonymous profile into the passed one: its id now finds the passed profile.
    const merged = await eventually('the anonymous profile merged into the passed one', async () => {
      const res = await host.api.get(`/api/profiles/${anonymous}`);
      return res.body.id === a.profile ? res : undefined;
    }, 10_000);
    expect(merged.body.ids).toEqual(expect.arrayContaining([a.profile, anonymous]));
    // Site A's visit, site B's earlier visit and the landing all count on the one profile.
    expect(merged.body.stats.events).toBe(3);

    // Later requests of the landing page still carry the pass; they change nothing.
    const again = await host.api.track({
      source: { id: siteB }, session: before.body.session, profile: { id: a.profile }, context: pass(a.profile, siteA), events: [{ type: 'scroll' }],
    });
    expect(again.body.profile.id).toBe(a.profile);
    expect(again.body.warnings).toEqual([]);
  });

  it('a first-time visitor of site B (no profile id) adopts the passed profile', async () => {
    const a = await visitA();
    const res = await host.api.track({ source: { id: siteB }, context: pass(a.profile, siteA), events: [{ type: 'landing' }] });
    expect(res.status).toBe(200);
    expect(res.body.profile.id).toBe(a.profile);
    const events = (await host.api.get(`/api/events?profile=${a.profile}&limit=100`)).body.items as Array<{ type: string; sourceId: string; system?: boolean }>;
    expect(events.filter((e) => !e.system).map((e) => `${e.sourceId}:${e.type}`).sort()).toEqual([`${siteA}:page-view`, `${siteB}:landing`].sort());
    // No second profile was created for the visitor.
    expect(events.filter((e) => e.type === 'profile-created')).toHaveLength(1);
  });

  it('ignores a pass whose source is unknown or disabled, or whose profile does not exist, and says so', async () => {
    const a = await visitA();
    const disabled = (await host.api.createSource({ name: 'retired site', enabled: false })).id;
    const cases: Array<[string, ReturnType<typeof pass>, RegExp]> = [
      ['unknown source', pass(a.profile, 'no-such-source'), /source `no-such-source` is not a known, enabled event source/],
      ['disabled source', pass(a.profile, disabled), /is not a known, enabled event source/],
      ['unknown profile', pass('00000000-0000-4000-8000-000000000000', siteA), /passed profile does not exist/],
    ];
    for (const [what, context, reason] of cases) {
      const res = await host.api.track({ source: { id: siteB }, context, events: [{ type: 'landing' }] });
      expect(res.status, what).toBe(200);
      expect(res.body.profile.id, what).not.toBe(a.profile);
      expect(res.body.warnings.join('\n'), what).toMatch(reason);
    }
    // An internal `@` id in a pass is not even looked at.
    const internal = await host.api.track({ source: { id: siteB }, context: pass('@anything', siteA), events: [{ type: 'landing' }] });
    expect(internal.body.profile.id).not.toBe('@anything');
    // Site A's profile saw only its own visit.
    expect((await host.api.get(`/api/profiles/${a.profile}`)).body.stats.events).toBe(1);
  });
});
