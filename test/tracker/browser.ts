/**
 * Browser plumbing for the tracker suites: Debian's Chromium through playwright-core, pages that record every
 * console error and page error, and `/track` requests as the page sent them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';

const EXECUTABLE = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// A desktop Chrome user agent: HeadlessChrome is what bots send, and a collector may rightly refuse bots.
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/** Starts headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: EXECUTABLE, args: ['--headless', ...ARGS] });
}

/** A fresh browser profile (cookies, storage) like a first-time visitor's. */
export function newVisitor(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ userAgent: USER_AGENT });
}

/**
 * A visitor whose browser has "Send a Do Not Track request" switched on — the real Chromium preference, written to
 * the profile before start, not a patched `navigator`.
 */
export async function doNotTrackVisitor(): Promise<{ context: BrowserContext; dispose(): Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-dnt-'));
  mkdirSync(path.join(dir, 'Default'));
  writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify({ enable_do_not_track: true }));
  const context = await chromium.launchPersistentContext(dir, { executablePath: EXECUTABLE, headless: true, args: ARGS, userAgent: USER_AGENT });
  return {
    context,
    async dispose() {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A page plus what it logged and what it sent to `/track`. */
export interface WatchedPage {
  page: Page;
  /** Console errors and uncaught page errors, as text. */
  errors: string[];
  /** Every request to `<host>/track`, in the order they left the browser. */
  tracks: Request[];
}

/** Opens a page in `context` that records console errors and `/track` requests to `hostUrl`. */
export async function watchedPage(context: BrowserContext, hostUrl: string): Promise<WatchedPage> {
  const page = await context.newPage();
  const watched: WatchedPage = { page, errors: [], tracks: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') watched.errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => watched.errors.push(`page error: ${e.message}`));
  context.on('request', (r) => {
    if (r.url() === `${hostUrl}/track` && r.method() === 'POST' && !watched.tracks.includes(r)) watched.tracks.push(r);
  });
  return watched;
}

/** The JSON body of a `/track` request (fetch sends JSON, a beacon sends the same JSON as text/plain). */
export function payloadOf(r: Request): { profile: { id: string } | null; session: { id: string }; context: Record<string, any>; events: Array<Record<string, any>> } {
  return JSON.parse(r.postData() ?? 'null');
}
