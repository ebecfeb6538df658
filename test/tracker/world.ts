/**
 * What the browser suites share: a tracker host, the demo site on another origin, one Chromium, and pages that fail
 * the test they were opened in on any console error or uncaught exception.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { waitForPlugins } from '../helpers/index.ts';
import { launchBrowser, newVisitor, watchedPage, type WatchedPage } from './browser.ts';
import { startDemoSite, type DemoSite } from './demo-site.ts';
import { startTrackerHost, type TrackerHost } from './host.ts';

/** The suite's world; its members exist once `beforeAll` has run. */
export interface TrackerWorld {
  readonly host: TrackerHost;
  readonly demo: DemoSite;
  readonly browser: Browser;
  /** A fresh visitor (browser context), closed after the test. */
  visitor(): Promise<BrowserContext>;
  /** A watched page in `context` (a fresh visitor by default). */
  open(context?: BrowserContext): Promise<WatchedPage>;
  /**
   * Waits until the demo page's onReady listener got the first /track response and the page has loaded, then until
   * every /track request it started has been answered, so a test continues from a quiet page.
   */
  ready(w: WatchedPage): Promise<{ profile: { id: string }; session: { id: string } }>;
}

/** Registers the suite's hooks; `plugins` are waited for (seeded and installed) before the first test. */
export function useTrackerWorld(options: { plugins?: string[] } = {}): TrackerWorld {
  let host: TrackerHost;
  let demo: DemoSite;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    host = await startTrackerHost();
    demo = await startDemoSite((sourceId) => host.snippet(sourceId));
    browser = await launchBrowser();
    if (options.plugins?.length) await waitForPlugins(host.handle.api, options.plugins);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
    await host?.stop();
  });

  afterEach(async () => {
    // No test may leave a console error or an uncaught exception behind, whatever it exercised.
    const errors = pages.flatMap((p) => p.errors);
    pages.length = 0;
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(errors).toEqual([]);
  });

  async function visitor(): Promise<BrowserContext> {
    const context = await newVisitor(browser);
    contexts.push(context);
    return context;
  }

  return {
    get host() { return host; },
    get demo() { return demo; },
    get browser() { return browser; },
    visitor,
    async open(context) {
      const watched = await watchedPage(context ?? await visitor(), host.url);
      pages.push(watched);
      return watched;
    },
    async ready(w) {
      // Page-side code is passed as strings: this file is compiled without the DOM library.
      await w.page.waitForFunction("window.demo && window.demo.ready !== null && document.readyState === 'complete'");
      // Let the load handler run and the batch it sends leave the page.
      await w.page.evaluate('new Promise((resolve) => setTimeout(resolve, 50))');
      await Promise.all(w.tracks.map((r) => r.response().catch(() => null)));
      return w.page.evaluate('window.demo.ready');
    },
  };
}
