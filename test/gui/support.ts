/**
 * The GUI suites' world: a real host process (test/helpers startHost), real headless Chromium (Debian's, through
 * playwright-core), a console watcher that fails the test on any error the app did not expect, and screenshots of
 * each screen saved under `test-artifacts/gui/` (gitignored) for people to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO_ROOT, startHost, waitForPlugins as waitForInstalled, type HostHandle, type StartHostOptions } from '../helpers/index.ts';

/** Where screenshots go. */
export const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts', 'gui');

/** Debian's Chromium, or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A host, a browser page on its GUI, and the console watcher. */
export interface GuiWorld {
  host: HostHandle;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** `http://127.0.0.1:<port>/ui` */
  ui: string;
  /** Saves a full-page screenshot as `test-artifacts/gui/<suite>-<nn>-<name>.png`. */
  shot(name: string): Promise<void>;
  /** Console errors matching `pattern` are expected until {@link assertCleanConsole} runs (e.g. a 422 the test provokes). */
  expectConsoleError(pattern: RegExp): void;
  /** Fails when the console had an error nobody expected; then forgets all errors and expectations. */
  assertCleanConsole(): void;
  close(): Promise<void>;
}

async function waitForGui(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 0;
  while (Date.now() < deadline) {
    // 503 while the host builds the app in the background (first start of a fresh clone, or sources changed).
    last = await fetch(`${url}/ui/`).then((r) => r.status, () => 0);
    if (last === 200) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the GUI was not served within ${timeoutMs} ms (last status ${last})`);
}

/** The first-party plugins the GUI suites draw flows with. */
export const NEEDED_PLUGINS = ['@tessera/plugin-update-profile', '@tessera/plugin-create-response', '@tessera/plugin-log'] as const;

/** Waits until the first-party plugins the suites use (seeded and installed in the background at start) are there. */
export function waitForPlugins(host: HostHandle, names: readonly string[] = NEEDED_PLUGINS, timeoutMs = 120_000): Promise<void> {
  return waitForInstalled(host.api, names, timeoutMs);
}

/** Starts a host (with `hostOptions`, e.g. extra environment) and a browser. `suite` prefixes the screenshot names. */
export async function startGuiWorld(suite: string, hostOptions: StartHostOptions = {}): Promise<GuiWorld> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  // Pictures of an earlier run would mix with this run's.
  for (const f of fs.readdirSync(ARTIFACTS)) if (f.startsWith(`${suite}-`)) fs.rmSync(path.join(ARTIFACTS, f));
  const host = await startHost(hostOptions);
  let browser: Browser | undefined;
  try {
    await waitForGui(host.url, 240_000);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    const errors: string[] = [];
    const expected: RegExp[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`); });
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    let n = 0;
    return {
      host, browser, context, page, ui: `${host.url}/ui`,
      async shot(name) {
        n += 1;
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.waitForTimeout(350); // let CSS transitions (tabs, drawers, toasts) settle before the picture
        await page.screenshot({ path: path.join(ARTIFACTS, `${suite}-${String(n).padStart(2, '0')}-${name}.png`), fullPage: false });
      },
      expectConsoleError(pattern) { expected.push(pattern); },
      assertCleanConsole() {
        const unexpected = errors.filter((e) => !expected.some((p) => p.test(e)));
        errors.length = 0;
        expected.length = 0;
        if (unexpected.length) throw new Error(`console errors:\n${unexpected.join('\n')}`);
      },
      async close() {
        await browser?.close();
        await host.dispose();
      },
    };
  } catch (err) {
    await browser?.close();
    await host.dispose();
    throw err;
  }
}
