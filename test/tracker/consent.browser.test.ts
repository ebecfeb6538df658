/**
 * Consent end to end, with only first-party plugins (seeded into the registry and installed at start): a flow built
 * through the API shows a consent bar (`@tessera/plugin-show-widget`) in a real browser, the visitor's click comes
 * back as an event, and a second flow records it on the profile (`@tessera/plugin-consent`). The tracker's own
 * `consent({...})` choice, sent as `context.consent`, is recorded the same way.
 */
import { describe, expect, it } from 'vitest';
import type { Api } from '../helpers/index.ts';
import { useTrackerWorld } from './world.ts';

const SHOW_WIDGET = { name: '@tessera/plugin-show-widget', version: '1.0.0' };
const CONSENT = { name: '@tessera/plugin-consent', version: '1.0.0' };

const world = useTrackerWorld({ plugins: [SHOW_WIDGET.name, CONSENT.name] });
const { open, ready } = world;

async function ok<T = any>(what: string, res: Promise<{ status: number; body: T }>): Promise<T> {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A published one-plugin flow, and a rule sending `eventType` from `source` to it. */
async function route(api: Api, source: string, eventType: string, plugin: { name: string; version: string }, config: Record<string, unknown>, condition?: string): Promise<void> {
  const flow = await ok<{ id: string }>('POST /api/flows', api.post('/api/flows', {
    name: `${plugin.name} on ${eventType}`,
    description: 'consent e2e',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 } },
      { id: 'node', type: 'plugin', plugin, config, position: { x: 200, y: 0 } },
    ],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'payload', target: 'node', targetPort: 'payload' }],
  }));
  await ok('publish', api.post(`/api/flows/${flow.id}/publish`, { note: 'e2e' }));
  await ok('POST /api/rules', api.post('/api/rules', { name: `${eventType} → ${plugin.name}`, eventType, source, flowId: flow.id, ...(condition ? { condition } : {}) }));
}

async function consentsOf(profileId: string, until: (c: Record<string, any>) => boolean): Promise<Record<string, any>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const consents = (await ok<{ consents: Record<string, any> }>('GET profile', world.host.handle.api.get(`/api/profiles/${profileId}`))).consents;
    if (until(consents)) return consents;
    if (Date.now() > deadline) throw new Error(`consents never matched: ${JSON.stringify(consents)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe('consent through first-party plugins', () => {
  it('a flow shows a consent bar until the visitor answers; the answer is recorded on the profile', async () => {
    const api = world.host.handle.api;
    const source = await world.host.createSource([world.demo.origin]);
    await route(api, source, 'page-view', SHOW_WIDGET, {
      type: 'consent-bar', id: 'cookies', text: 'We measure visits to {{event@context.page.path}} to improve the shop.',
      buttons: [
        { label: 'Allow analytics', primary: true, event: { type: 'consent-given', properties: { analytics: true, marketing: false } } },
        { label: 'Only necessary', event: { type: 'consent-given', properties: { analytics: false, marketing: false } } },
      ],
    }, 'profile@consents.analytics NOT EXISTS');
    await route(api, source, 'consent-given', CONSENT, { from: 'event', purposes: ['analytics', 'marketing'] });

    const w = await open();
    await w.page.goto(world.demo.pageUrl(source));
    const { profile } = await ready(w);
    const bar = w.page.locator('[data-tessera-widget="consent-bar"]');
    await expect.poll(() => bar.getByRole('region').textContent()).toContain('We measure visits to / to improve the shop.');

    await bar.getByRole('button', { name: 'Allow analytics' }).click();
    await expect.poll(() => bar.count()).toBe(0);
    const consents = await consentsOf(profile.id, (c) => c.analytics !== undefined);
    expect(consents).toEqual({
      analytics: { granted: true, at: expect.any(String), source: 'widget:cookies' },
      marketing: { granted: false, at: expect.any(String), source: 'widget:cookies' },
    });

    // Answered: the next page view no longer shows the bar (the rule's condition reads the recorded consent).
    w.tracks.length = 0;
    const pageView = w.page.waitForResponse((r) => r.url() === `${world.host.url}/track` && (r.request().postData() ?? '').includes('"page-view"'));
    await w.page.reload();
    const answer = await (await pageView).json();
    expect(answer.profile.id).toBe(profile.id);
    expect(answer.ux).toEqual([]);
    await ready(w);
    expect(await bar.count()).toBe(0);
  });

  it("records the choice a page gives tracker.consent({...}), sent as context.consent, and its withdrawal", async () => {
    const api = world.host.handle.api;
    const source = await world.host.createSource([world.demo.origin]);
    await route(api, source, 'page-view', CONSENT, { from: 'context' });
    await route(api, source, 'consent-withdrawn', CONSENT, { from: 'context' });

    const w = await open();
    await w.page.goto(world.demo.pageUrl(source, { requireConsent: true }), { waitUntil: 'load' });
    // The demo's "Accept analytics" button calls tracker.consent({analytics: true, marketing: false}).
    await w.page.click('#accept');
    const { profile } = await ready(w);
    const consents = await consentsOf(profile.id, (c) => c.analytics !== undefined);
    expect(consents).toEqual({
      analytics: { granted: true, at: expect.any(String), source: 'tracker' },
      marketing: { granted: false, at: expect.any(String), source: 'tracker' },
    });

    // The demo's "Decline" button calls tracker.consent(false): the withdrawal is recorded before tracking stops.
    await w.page.click('#decline');
    const withdrawn = await consentsOf(profile.id, (c) => c.analytics?.granted === false);
    expect(withdrawn.analytics).toEqual({ granted: false, at: expect.any(String), source: 'tracker' });
    expect(withdrawn.marketing).toEqual(consents.marketing);
  });
});
