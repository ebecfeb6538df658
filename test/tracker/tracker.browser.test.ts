/**
 * The JavaScript tracker in real headless Chromium, against the real host process and a demo site on another
 * origin. Each test uses its own event source, so what it reads back through `GET /api/events` is its own.
 */
import { describe, expect, it } from 'vitest';
import { doNotTrackVisitor, payloadOf } from './browser.ts';
import { answerWithWidget } from './widget-flow.ts';
import { useTrackerWorld } from './world.ts';

const world = useTrackerWorld();
const { open, visitor, ready } = world;

describe('tracker in a real browser', () => {
  it('batches events until page load, fires at once on request, and the host stores them', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const w = await open(await visitor());
    await w.page.goto(world.demo.pageUrl(source));
    const response = await ready(w);
    expect(response.profile.id).toBeTruthy();

    // The fired event left on its own before the window load event; the rest went as one batch after it.
    await w.page.waitForFunction(`performance.getEntriesByName(${JSON.stringify(`${world.host.url}/track`)}).length >= 2`);
    const timing = await w.page.evaluate<{ load: number; tracks: number[] }>(`({
      load: performance.getEntriesByType('navigation')[0].loadEventStart,
      tracks: performance.getEntriesByName(${JSON.stringify(`${world.host.url}/track`)}).map((e) => e.startTime),
    })`);
    expect(w.tracks.map((r) => payloadOf(r).events.map((e) => e.type))).toEqual([['early-fire'], ['page-view', 'product-view']]);
    expect(timing.tracks).toHaveLength(2);
    expect(timing.tracks[0]).toBeLessThan(timing.load);
    expect(timing.tracks[1]).toBeGreaterThanOrEqual(timing.load);

    // A fired event after load gets its own request at once.
    await w.page.click('#buy');
    const stored = await world.host.waitForEvents(source, (items) => items.some((e) => e.type === 'purchase'));
    expect(stored.map((e) => e.type).sort()).toEqual(['early-fire', 'page-view', 'product-view', 'purchase']);
    const purchase = stored.find((e) => e.type === 'purchase')!;
    expect(purchase.properties).toEqual({ sku: 'sku-1', total: 19.9 });
    expect(purchase.profileId).toBe(response.profile.id);
    expect(purchase.sessionId).toBe(response.session.id);
    expect((purchase.context as any).page.url).toContain(world.demo.origin);
  });

  it('keeps the profile id across a reload, with the same session cookie', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const context = await visitor();
    const w = await open(context);
    await w.page.goto(world.demo.pageUrl(source));
    const first = await ready(w);
    expect(await w.page.evaluate("localStorage.getItem('tracardi-profile-id')")).toBe(first.profile.id);
    const cookie = (await context.cookies()).find((c) => c.name === 'tracardi-session-id');
    expect(cookie?.value).toBe(first.session.id);
    // Sliding expiry: the cookie lives 30 minutes from the last activity.
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(29 * 60_000);
    expect(cookie!.expires * 1000 - Date.now()).toBeLessThanOrEqual(30 * 60_000 + 5_000);

    w.tracks.length = 0;
    await w.page.reload();
    const second = await ready(w);
    expect(second.profile.id).toBe(first.profile.id);
    expect(second.session.id).toBe(first.session.id);
    expect(w.tracks.every((r) => payloadOf(r).profile?.id === first.profile.id)).toBe(true);
  });

  it('delivers an asBeacon event with sendBeacon while the page navigates away', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const w = await open(await visitor());
    await w.page.goto(world.demo.pageUrl(source));
    const response = await ready(w);
    await Promise.all([w.page.waitForURL(`${world.demo.origin}/bye.html`), w.page.click('#leave')]);

    const beacon = w.tracks.find((r) => payloadOf(r).events.some((e) => e.type === 'leave-click'))!;
    expect(beacon.resourceType()).toBe('ping');
    expect(beacon.headers()['content-type']).toMatch(/^text\/plain/);
    const stored = await world.host.waitForEvents(source, (items) => items.some((e) => e.type === 'leave-click'));
    const leave = stored.find((e) => e.type === 'leave-click')!;
    expect(leave.properties).toEqual({ to: '/bye.html' });
    expect(leave.profileId).toBe(response.profile.id);
  });

  it('sends nothing and stores nothing when the browser asks not to be tracked', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const visitor = await doNotTrackVisitor();
    try {
      const w = await open(visitor.context);
      await w.page.goto(world.demo.pageUrl(source, { settings: { respectDoNotTrack: true } }), { waitUntil: 'load' });
      expect(await w.page.evaluate('navigator.doNotTrack')).toBe('1');
      await w.page.waitForFunction("typeof window.tracker.version === 'string'");
      expect(await w.page.evaluate("window.tracker.track('purchase', { total: 1 }, { fire: true })")).toBeNull();
      await w.page.click('#buy');
      await w.page.waitForTimeout(1000);
      expect(w.tracks).toEqual([]);
      expect(await visitor.context.cookies()).toEqual([]);
      expect(await w.page.evaluate('localStorage.length')).toBe(0);
      expect(await world.host.events(source)).toEqual([]);
      expect(w.errors).toEqual([]);
    } finally {
      await visitor.dispose();
    }
  });

  it('decorates links to listed domains with __tr_pid/__tr_src, and the other site receives the profile', async () => {
    const source = await world.host.createSource([world.demo.origin, world.demo.altOrigin]);
    const w = await open(await visitor());
    await w.page.goto(world.demo.pageUrl(source, { settings: { trackExternalLinks: ['localhost'] } }));
    const response = await ready(w);

    // An unlisted domain is left alone (the page cancels that navigation to inspect the link).
    await w.page.evaluate("document.getElementById('unlisted').addEventListener('click', (e) => e.preventDefault())");
    await w.page.click('#unlisted');
    expect(await w.page.getAttribute('#unlisted', 'href')).toBe('https://unlisted.invalid/shop');

    w.tracks.length = 0;
    const navigation = w.page.waitForRequest((r) => r.isNavigationRequest() && r.url().startsWith(world.demo.altOrigin));
    await Promise.all([w.page.waitForURL(`${world.demo.altOrigin}/**`), w.page.click('#partner')]);
    const landing = new URL((await navigation).url());
    expect(landing.searchParams.get('__tr_pid')).toBe(response.profile.id);
    expect(landing.searchParams.get('__tr_src')).toBe(source);
    const landed = await ready(w);
    expect(payloadOf(w.tracks[0]).context.tracardi).toEqual({ pass: { profile: response.profile.id, source } });
    // Read once, the pass leaves the address bar: a URL the visitor copies from here hands nobody their profile.
    const shown = new URL(w.page.url());
    expect([shown.searchParams.has('__tr_pid'), shown.searchParams.has('__tr_src'), shown.searchParams.get('source')]).toEqual([false, false, source]);
    expect(w.tracks.every((r) => payloadOf(r).context.tracardi?.pass?.profile === response.profile.id)).toBe(true);

    // The other site continues on the SAME profile: the host honoured the pass, the tracker there keeps the id.
    expect(landed.profile.id).toBe(response.profile.id);
    expect(await w.page.evaluate("localStorage.getItem('tracardi-profile-id')")).toBe(response.profile.id);
    const stored = await world.host.waitForEvents(source, (items) => items.filter((e) => e.type === 'page-view').length >= 2);
    const views = stored.filter((e) => e.type === 'page-view');
    expect(views.map((e) => new URL((e.context as any).page.url).origin).sort()).toEqual([world.demo.origin, world.demo.altOrigin].sort());
    expect(views.every((e) => e.profileId === response.profile.id)).toBe(true);
    const profile = await world.host.handle.api.get(`/api/profiles/${response.profile.id}`);
    expect(profile.body.stats.visits).toBe(2);
  });

  it('holds every event until the visitor consents, then sends them', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const context = await visitor();
    const w = await open(context);
    await w.page.goto(world.demo.pageUrl(source, { requireConsent: true }), { waitUntil: 'load' });
    await w.page.click('#buy');
    await w.page.waitForTimeout(1000);
    expect(w.tracks).toEqual([]);
    expect(await context.cookies()).toEqual([]);
    expect(await w.page.evaluate("localStorage.getItem('tracardi-profile-id')")).toBeNull();
    expect(await world.host.events(source)).toEqual([]);

    await w.page.click('#accept');
    const response = await ready(w);
    const stored = await world.host.waitForEvents(source, (items) => items.length >= 4);
    expect(stored.map((e) => e.type).sort()).toEqual(['early-fire', 'page-view', 'product-view', 'purchase']);
    expect(stored.every((e) => e.profileId === response.profile.id)).toBe(true);
    expect(payloadOf(w.tracks[0]).context.consent).toEqual({ analytics: true, marketing: false });

    // Withdrawing consent stops tracking and forgets the visitor's ids, after one beacon saying what was withdrawn.
    await w.page.click('#decline');
    await expect.poll(() => w.tracks.some((r) => payloadOf(r).events.some((e) => e.type === 'consent-withdrawn'))).toBe(true);
    const withdrawal = payloadOf(w.tracks.find((r) => payloadOf(r).events.some((e) => e.type === 'consent-withdrawn'))!);
    expect(withdrawal.profile?.id).toBe(response.profile.id);
    expect(withdrawal.context.consent).toEqual({ analytics: false, marketing: false });
    expect(withdrawal.events.map((e) => [e.type, e.properties])).toEqual([['consent-withdrawn', { analytics: false, marketing: false }]]);
    const sent = w.tracks.length;
    await w.page.click('#buy');
    await w.page.waitForTimeout(500);
    expect(w.tracks).toHaveLength(sent);
    expect(await w.page.evaluate("localStorage.getItem('tracardi-profile-id')")).toBeNull();
  });

  it('works behind a Tracardi integration (global `const options`, Tracardi-style loader) with every context flag on', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const w = await open(await visitor());
    const cfg = { context: { browser: true, screen: true, page: true, storage: true, cookies: true, performance: true, utm: true, tracardiPass: true } };
    await w.page.goto(world.demo.pageUrl(source, cfg, { style: 'tracardi', utm_source: 'newsletter', utm_campaign: 'spring' }));
    await ready(w);
    expect(await w.page.evaluate(`performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/tracker/'))`))
      .toEqual(['/tracker/liliput.min.js']);
    expect(await w.page.evaluate('window.tracker === window.tracardi.default')).toBe(true);
    const batch = payloadOf(w.tracks[1]);
    expect(batch.context.browser.local.browser.userAgent).toMatch(/Chrome/);
    expect(batch.context.screen.local.width).toBeGreaterThan(0);
    expect(batch.context.utm).toEqual({ source: 'newsletter', campaign: 'spring' });
    expect(batch.context.cookies).toHaveProperty('tracardi-session-id');
    expect(batch.context.storage).toHaveProperty('local');
    expect(batch.events[0].context.page.title).toBe('Tessera demo shop');
    expect(batch.events[0].context.performance.loadEventStart).toBeGreaterThan(0);
    const stored = await world.host.waitForEvents(source, (items) => items.some((e) => e.type === 'page-view'));
    expect((stored.find((e) => e.type === 'page-view')!.context as any).page.title).toBe('Tessera demo shop');
  });
  it('renders the widget a flow answers with, as text only, and its answer arrives as an event', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const popup = {
      type: 'popup', id: 'newsletter', title: 'Stay in touch', text: 'Join the <b>newsletter</b>? <img src=x onerror="window.pwned=1">',
      buttons: [{ label: 'Yes please', primary: true, event: { type: 'newsletter-answer', properties: { accepted: true } } }, { label: 'No' }],
    };
    await answerWithWidget(world.host.handle.api, source, 'offer-request', popup);
    const w = await open(await visitor());
    await w.page.goto(world.demo.pageUrl(source));
    const response = await ready(w);

    const answer = await w.page.evaluate<{ ux: unknown[] }>("window.tracker.track('offer-request', {}, { fire: true })");
    expect(answer.ux).toEqual([popup]);
    const shown = w.page.locator('[data-tessera-widget="popup"]');
    await expect.poll(() => shown.getByRole('dialog').getAttribute('aria-label')).toBe('Stay in touch');
    expect(await shown.locator('p').textContent()).toBe(popup.text);
    expect(await shown.locator('img, b').count()).toBe(0);
    expect(await w.page.evaluate('window.pwned === undefined')).toBe(true);

    await shown.getByRole('button', { name: 'Yes please' }).click();
    await expect.poll(() => shown.count()).toBe(0);
    const stored = await world.host.waitForEvents(source, (items) => items.some((e) => e.type === 'newsletter-answer'));
    const accepted = stored.find((e) => e.type === 'newsletter-answer')!;
    expect(accepted.properties).toEqual({ accepted: true });
    expect(accepted.context.widget).toEqual({ type: 'popup', id: 'newsletter' });
    expect(accepted.profileId).toBe(response.profile.id);
  });

  it('ignores raw Tracardi ux elements, draws a consent bar, and a call-to-action link answers by beacon as the page is left', async () => {
    const source = await world.host.createSource([world.demo.origin]);
    const w = await open(await visitor());
    await w.page.goto(world.demo.pageUrl(source));
    await ready(w);
    // The engine already drops ux items that are not widgets; the browser checks again, through the same render
    // path every /track answer takes, in case a response was tampered with or came from an older world.host.
    const ux = [
      { tag: 'script', props: { src: `${world.demo.origin}/evil.js` }, content: 'window.pwned = 1' },
      { type: 'cta', id: 'sale', title: 'Spring sale', text: 'Everything -20%', buttons: [{ label: 'Shop now', url: `${world.demo.origin}/bye.html`, event: { type: 'cta-click', properties: { campaign: 'spring' } } }] },
    ];
    const bar = { type: 'consent-bar', id: 'cookies', text: 'We use analytics cookies.', buttons: [{ label: 'Allow', primary: true, event: { type: 'consent-answer', properties: { analytics: true } } }] };
    expect(await w.page.evaluate(`window.tracker.render(${JSON.stringify([...ux, bar])})`)).toBe(2);
    expect(await w.page.evaluate(`document.querySelectorAll('script[src$="/evil.js"]').length === 0 && window.pwned === undefined`)).toBe(true);

    // The consent bar spans the bottom of the window and waits for a choice: it has no close button.
    const consent = w.page.locator('[data-tessera-widget="consent-bar"]');
    expect(await consent.getByRole('button').allTextContents()).toEqual(['Allow']);
    const box = await consent.getByRole('region').boundingBox();
    const viewport = w.page.viewportSize()!;
    expect(box!.width).toBe(viewport.width);
    expect(Math.round(box!.y + box!.height)).toBe(viewport.height);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await expect.poll(() => consent.count()).toBe(0);
    const answered = await world.host.waitForEvents(source, (items) => items.some((e) => e.type === 'consent-answer'));
    expect(answered.find((e) => e.type === 'consent-answer')!.properties).toEqual({ analytics: true });

    const link = w.page.locator('[data-tessera-widget="cta"]').getByRole('link', { name: 'Shop now' });
    await Promise.all([w.page.waitForURL(`${world.demo.origin}/bye.html`), link.click()]);
    const stored = await world.host.waitForEvents(source, (items) => items.some((e) => e.type === 'cta-click'));
    const click = stored.find((e) => e.type === 'cta-click')!;
    expect(click.properties).toEqual({ campaign: 'spring' });
    expect(click.context.widget).toEqual({ type: 'cta', id: 'sale' });
  });
});
