/** Page helpers shared by the GUI suites: navigation, the canvas gestures, and polling assertions. */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Polls until the assertion holds (the app renders asynchronously), for up to 15 s. */
export const until = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/** What the browser's Element offers for waiting on CSS transitions (this project compiles without DOM types). */
interface Animated {
  getAnimations(options: { subtree: boolean }): Array<{ finished: Promise<unknown> }>;
}

/** Gestures on one page. */
export function pageHelpers(page: Page) {
  const node = (id: string) => page.locator(`.vue-flow__node[data-id="${id}"]`);
  return {
    /** Clicks an entry of the main navigation. */
    nav: (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click(),
    /** A node on the canvas. */
    node,
    /** An input (`target`) or output (`source`) handle of a node's port. */
    handle: (nodeId: string, type: 'source' | 'target', port: string) => node(nodeId).locator(`.vue-flow__handle.${type}[data-handleid="${port}"]`),
    /** Draws an edge by dragging from an output handle to an input handle, as a person does. */
    async connect(from: Locator, to: Locator): Promise<void> {
      const a = (await from.boundingBox())!;
      const b = (await to.boundingBox())!;
      await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
      await page.mouse.down();
      await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2 + 20, { steps: 8 });
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
      await page.mouse.up();
    },
    /** Drags a palette entry (`name@version`) onto the canvas at a point relative to the canvas. */
    async dropPlugin(key: string, x: number, y: number): Promise<void> {
      await page.locator(`[data-plugin="${key}"]`).dragTo(page.locator('.vue-flow__pane'), { targetPosition: { x, y } });
    },
    /**
     * Confirms a dialog with `button`, so that its action is requested once (`request`: the URL of that request).
     * Waits until the dialog has finished opening; a click that still gets lost (seen under the full suite's load:
     * the dialog stayed open and nothing was requested) is repeated, never after the request went out.
     */
    async confirm(button: string, request: RegExp): Promise<void> {
      const dialog = page.locator('.n-dialog').last();
      await dialog.waitFor();
      await dialog.evaluate((el) => Promise.all((el as unknown as Animated).getAnimations({ subtree: true }).map((a) => a.finished.catch(() => undefined))));
      for (let attempt = 1; ; attempt++) {
        const sent = page.waitForRequest((r) => request.test(r.url()), { timeout: 5000 });
        await dialog.getByRole('button', { name: button, exact: true }).click();
        try {
          await sent;
          return;
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    },
    /** Runs the draft from the editor's test panel (opened if needed) and waits for `nodeId` to be painted ok. */
    async testRun(nodeId: string, eventType?: string, properties?: string): Promise<void> {
      if (!(await page.locator('.test-panel').isVisible())) await page.getByRole('button', { name: 'Test run' }).click();
      if (eventType) await page.locator('input[name=test-event-type]').fill(eventType);
      if (properties) await page.locator('textarea[name=test-event-properties]').fill(properties);
      await page.getByRole('button', { name: 'Run test' }).click();
      await until(() => node(nodeId).locator('.node').getAttribute('data-state')).toBe('ok');
    },
  };
}
