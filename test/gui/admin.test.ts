/**
 * The administrator's journey through the GUI, in real headless Chromium against a real host: first-admin setup and
 * sign-in, a source, a three-node flow drawn on the canvas and published, a routing rule, a tracked event showing up
 * as an event and a profile, a test run painting its trace, and users. Every test fails on a console error it did not
 * provoke and saves screenshots under test-artifacts/gui/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { TEST_ADMIN } from '../helpers/index.ts';
import { pageHelpers, until } from './page-helpers.ts';
import { startGuiWorld, waitForPlugins, type GuiWorld } from './support.ts';

// The GUI creates the same first admin the API helper would, so `host.api` can check results behind the GUI's back.
const ADMIN = TEST_ADMIN;
let w: GuiWorld;
let page: Page;
let ui: ReturnType<typeof pageHelpers>;
const state = { sourceId: '', flowId: '', flowUrl: '', profileId: '' };

beforeAll(async () => {
  w = await startGuiWorld('admin');
  page = w.page;
  ui = pageHelpers(page);
}, 300_000);
afterAll(async () => { await w?.close(); });
afterEach(async (ctx) => {
  // A failing step leaves a picture of the screen it failed on.
  if (ctx.task.result?.state === 'fail') await w.shot(`failed-${ctx.task.name.split(' ').slice(0, 3).join('-')}`);
  w.assertCleanConsole();
});

describe('the administrator GUI', () => {
  it('sets up the first administrator, signs out and signs in again', async () => {
    await page.goto(`${w.ui}/`);
    // Nobody can sign in yet: the sign-in page sends a fresh installation to setup by itself (GET /api/setup).
    await page.waitForURL(/\/ui\/setup/);
    await page.locator('input[name=email]').fill(ADMIN.email);
    await page.locator('input[name=password]').fill('short');
    await page.locator('input[name=confirm]').fill('short');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.getByText('Use at least 10 characters').waitFor();
    await page.locator('input[name=password]').fill(ADMIN.password);
    await page.locator('input[name=confirm]').fill(ADMIN.password);
    await w.shot('setup');
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await page.waitForURL(/\/ui\/dashboard/);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await page.getByText('Events per minute').waitFor();
    await w.shot('dashboard-empty');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/ui\/login/);
    // A second setup is refused by the API: the first admin exists.
    await page.goto(`${w.ui}/setup`);
    await page.locator('input[name=email]').fill('mallory@example.com');
    await page.locator('input[name=password]').fill('another-password-1');
    await page.locator('input[name=confirm]').fill('another-password-1');
    w.expectConsoleError(/status of 409/);
    await page.getByRole('button', { name: 'Create administrator' }).click();
    await until(() => page.getByRole('alert').textContent()).toContain('Setup is already done');

    await page.goto(`${w.ui}/login`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await w.shot('login');
    await page.locator('input[name=email]').fill(ADMIN.email);
    await page.locator('input[name=password]').fill('wrong-password-0');
    w.expectConsoleError(/status of 401/);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await until(() => page.getByRole('alert').textContent()).toContain('Email or password is wrong');
    await page.locator('input[name=password]').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/ui\/dashboard/);
    await page.getByText(ADMIN.email).waitFor();
  });

  it('creates an event source and shows the tracker snippet and the /collect URL', async () => {
    await ui.nav('Event sources');
    await page.getByText('No event sources yet').waitFor();
    await w.shot('sources-empty');
    await page.getByRole('button', { name: 'New source' }).click();
    await page.locator('input[name=source-name]').fill('Web shop');
    await page.getByRole('button', { name: 'Create source' }).click();
    await page.waitForURL(/\/ui\/sources\/[^/]+$/);
    state.sourceId = decodeURIComponent(page.url().split('/').pop()!);
    await page.getByRole('heading', { name: 'Web shop' }).waitFor();
    const snippet = page.getByRole('textbox', { name: 'tracker snippet' });
    await until(() => snippet.inputValue()).toMatch(new RegExp(state.sourceId));
    await until(() => snippet.inputValue()).toMatch(/tessera\.js/);
    await until(() => page.getByRole('textbox', { name: 'collect URL' }).inputValue()).toMatch(`${w.host.url}/collect/{eventType}/${state.sourceId}`);
    await w.shot('source-detail');

    await ui.nav('Event sources');
    const row = page.getByRole('row', { name: /Web shop/ });
    await row.waitFor();
    await w.shot('sources');
    const stored = await w.host.api.get(`/api/sources/${state.sourceId}`);
    expect(stored.body).toMatchObject({ name: 'Web shop', type: 'rest', enabled: true });

    // Disable and enable again from the list; the other settings stay as they were.
    await page.getByRole('switch', { name: 'Disable Web shop' }).click();
    await page.getByText('Web shop disabled').waitFor();
    expect((await w.host.api.get(`/api/sources/${state.sourceId}`)).body).toMatchObject({ enabled: false, allowedOrigins: ['*'] });
    await page.getByRole('switch', { name: 'Enable Web shop' }).click();
    await page.getByText('Web shop enabled').waitFor();
    expect((await w.host.api.get(`/api/sources/${state.sourceId}`)).body.enabled).toBe(true);
  });

  it('builds a three-node flow on the canvas, shows save errors at the field, and publishes it', async () => {
    await waitForPlugins(w.host);
    await ui.nav('Workflows');
    await page.getByText('No workflows yet.').waitFor();
    await w.shot('workflows-empty');
    await page.getByRole('button', { name: 'New workflow' }).click();
    await page.locator('input[name=flow-name]').fill('Tier from purchases');
    await page.getByRole('button', { name: 'Create and open' }).click();
    await page.waitForURL(/\/ui\/workflows\/[^/]+$/);
    state.flowUrl = page.url();
    state.flowId = decodeURIComponent(page.url().split('/').pop()!);
    await ui.node('start').waitFor();

    // The palette groups installed plugins by category and filters as you type.
    const search = page.getByRole('searchbox', { name: 'search plugins' });
    await search.fill('update profile');
    await until(() => page.locator('[data-plugin]').count()).toBe(1);
    await ui.dropPlugin('@tessera/plugin-update-profile@1.0.0', 260, 160);
    await search.fill('');
    await ui.dropPlugin('@tessera/plugin-create-response@1.0.0', 520, 160);
    await ui.node('update-profile-1').waitFor();
    await ui.node('create-response-1').waitFor();
    await ui.connect(ui.handle('start', 'source', 'payload'), ui.handle('update-profile-1', 'target', 'payload'));
    await ui.connect(ui.handle('update-profile-1', 'source', 'payload'), ui.handle('create-response-1', 'target', 'payload'));
    await until(() => page.locator('.vue-flow__edge').count()).toBe(2);

    // Keyboard: Enter on a palette entry adds the plugin; Delete removes the selected node again.
    await page.locator('[data-plugin="@tessera/plugin-log@1.0.0"]').focus();
    await page.keyboard.press('Enter');
    await ui.node('log-1').waitFor();
    await page.keyboard.press('Delete');
    await until(() => ui.node('log-1').count()).toBe(0);

    // Saving unconfigured nodes: the API's 422 lands on the node and on the field.
    w.expectConsoleError(/status of 422/);
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Some nodes have invalid settings').waitFor();
    await ui.node('update-profile-1').click();
    const operations = page.locator('[data-field="operations"]');
    await until(() => operations.locator('.err').textContent()).toMatch(/required/);
    await w.shot('editor-validation');

    await operations.getByRole('button', { name: 'Add operation' }).click();
    await operations.locator('input[name=field]').fill('traits.tier');
    await operations.locator('input[name=value]').fill('{{event@properties.tier}}');
    await ui.node('create-response-1').click();
    await page.locator('input[name=key]').fill('loyalty');
    await page.locator('textarea[name=body]').fill('{"tier": "{{event@properties.tier}}"}');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('draft saved', { exact: true }).waitFor();
    await until(() => page.locator('.node.problem').count()).toBe(0);

    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.locator('textarea[name=version-note]').fill('First version: copy the tier to the profile');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('live: v1').waitFor();
    await w.shot('editor-published');

    const flow = (await w.host.api.get(`/api/flows/${state.flowId}`)).body;
    expect(flow.publishedVersion).toBe(1);
    expect(flow.nodes.map((n: { id: string }) => n.id).sort()).toEqual(['create-response-1', 'start', 'update-profile-1']);
    expect(flow.edges.map((e: { source: string; target: string }) => `${e.source}->${e.target}`).sort())
      .toEqual(['start->update-profile-1', 'update-profile-1->create-response-1']);
    expect(flow.nodes.find((n: { id: string }) => n.id === 'update-profile-1').config.operations)
      .toEqual([{ field: 'traits.tier', op: 'set', value: '{{event@properties.tier}}' }]);

    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByText('First version: copy the tier to the profile').waitFor();
    await w.shot('editor-versions');
    await page.keyboard.press('Escape');
    await ui.nav('Workflows');
    await page.getByRole('row', { name: /Tier from purchases/ }).waitFor();
    await w.shot('workflows');
  });

  it('creates a routing rule that sends purchases to the flow', async () => {
    await ui.nav('Routing rules');
    await page.getByText('No routing rules').waitFor();
    await page.getByRole('button', { name: 'New rule' }).click();
    await page.locator('input[name=rule-name]').fill('Purchases set the tier');
    await page.locator('input[name=rule-event-type]').fill('purchase');
    await page.locator('.n-form-item', { hasText: 'Workflow' }).locator('.n-base-selection').click();
    await page.locator('.n-base-select-option', { hasText: 'Tier from purchases' }).click();
    // A condition that does not parse: the API's message, with its column, appears under the field.
    await page.locator('input[name=rule-condition]').fill('event@properties.total >');
    w.expectConsoleError(/status of 422/);
    await page.getByRole('button', { name: 'Save rule' }).click();
    await until(() => page.locator('.n-form-item', { hasText: 'Condition' }).textContent()).toMatch(/column 25/);
    await w.shot('rule-form');
    await page.locator('input[name=rule-condition]').fill('event@properties.total > 10');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('row', { name: /Purchases set the tier/ }).waitFor();
    await w.shot('rules');
    const rules = (await w.host.api.get('/api/rules')).body.items;
    expect(rules).toMatchObject([{ name: 'Purchases set the tier', eventType: 'purchase', source: 'any', condition: 'event@properties.total > 10', flowId: state.flowId, enabled: true }]);
  });

  it('shows a tracked event and the profile it changed', async () => {
    const res = await w.host.api.track({ source: { id: state.sourceId }, events: [{ type: 'purchase', properties: { tier: 'gold', total: 99 } }] });
    expect(res.status).toBe(200);
    expect(res.body.response).toMatchObject({ loyalty: { tier: 'gold' } });
    state.profileId = res.body.profile.id;

    await ui.nav('Events');
    const row = page.locator('[data-event-type="purchase"]');
    await row.waitFor();
    await w.shot('events');
    await row.click();
    const drawer = page.locator('.n-drawer');
    await until(() => drawer.locator('.json-view').textContent()).toContain('"tier": "gold"');
    await page.waitForTimeout(400); // the drawer slides in
    await w.shot('event-detail');
    await page.keyboard.press('Escape');

    await ui.nav('Profiles');
    await page.getByRole('searchbox', { name: 'search profiles' }).fill(state.profileId);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator(`[data-profile-id="${state.profileId}"]`).waitFor();
    await w.shot('profiles');
    await page.locator(`[data-profile-id="${state.profileId}"]`).click();
    await page.waitForURL(/\/ui\/profiles\//);
    const traits = page.locator('.kv').first();
    await until(() => traits.textContent()).toContain('tier');
    expect(await traits.textContent()).toContain('gold');
    await w.shot('profile');
    await page.locator('.n-tabs-tab', { hasText: 'Timeline' }).click();
    await page.locator('.timeline').getByText('purchase').waitFor();
    await w.shot('profile-timeline');
    await page.locator('.n-tabs-tab', { hasText: 'Sessions' }).click();
    await until(() => page.locator('.n-collapse-item').count()).toBeGreaterThan(0);

    await ui.nav('Dashboard');
    await until(() => page.locator('.kpi').first().textContent()).toMatch(/[1-9]/);
    await page.locator('.chart-card canvas').first().waitFor();
    await page.waitForTimeout(800); // let the charts finish drawing
    await w.shot('dashboard');
  });

  it('runs a test and paints the trace on the canvas', async () => {
    await page.goto(state.flowUrl);
    await ui.node('start').waitFor();
    await page.getByRole('button', { name: 'Test run' }).click();
    await page.locator('input[name=test-event-type]').fill('purchase');
    await page.locator('textarea[name=test-event-properties]').fill('{"tier": "silver"}');
    await page.getByRole('button', { name: 'Run test' }).click();
    for (const id of ['start', 'update-profile-1', 'create-response-1']) {
      await until(() => ui.node(id).locator('.node').getAttribute('data-state')).toBe('ok');
      expect(await page.locator(`[data-trace-node="${id}"]`).getAttribute('data-status')).toBe('ok');
    }
    await page.locator('[data-trace-node="create-response-1"]').click();
    await until(() => page.locator('.test-panel .detail').textContent()).toContain('silver');
    await w.shot('test-run');
  });

  it('replays a stored event through the flow from the events screen', async () => {
    await ui.nav('Events');
    await page.locator('[data-event-type="purchase"]').click();
    await page.locator('.n-drawer .n-base-selection').click();
    await page.locator('.n-base-select-option', { hasText: 'Tier from purchases' }).click();
    await page.getByRole('button', { name: 'Replay' }).click();
    await page.waitForURL(/replay=/);
    await page.getByText('Replaying stored event').waitFor();
    await page.getByRole('button', { name: 'Run test' }).click();
    await until(() => ui.node('create-response-1').locator('.node').getAttribute('data-state')).toBe('ok');
    await page.locator('[data-trace-node="create-response-1"]').click();
    // The stored purchase carried tier "gold"; the replay runs on it, not on a sample.
    await until(() => page.locator('.test-panel .detail').textContent()).toContain('gold');
    await w.shot('replay');
  });

  it('adds a user with a role', async () => {
    await ui.nav('Users');
    await page.getByRole('row', { name: /admin@example\.com/ }).waitFor();
    await page.getByRole('button', { name: 'Add user' }).click();
    await page.locator('input[name=user-email]').fill('mia@example.com');
    await page.locator('input[name=user-password]').fill('marketing-rocks-7');
    await page.locator('.n-modal .n-base-selection').click();
    await page.locator('.n-base-select-option', { hasText: 'Marketer' }).click();
    await page.locator('.n-modal').getByRole('button', { name: 'Add user' }).click();
    await page.getByRole('row', { name: /mia@example\.com/ }).getByText('Marketer').waitFor();
    await w.shot('users');
    const token = await w.host.api.login('mia@example.com', 'marketing-rocks-7');
    expect(token).toBeTruthy();
  });

  it('shows clear error and not-found states', async () => {
    w.expectConsoleError(/status of 404/);
    await page.goto(`${w.ui}/workflows/no-such-flow`);
    await until(() => page.getByRole('alert').first().textContent()).toContain("No flow 'no-such-flow'");
    await page.getByRole('button', { name: 'Try again' }).waitFor();
    await w.shot('error-state');
    await page.goto(`${w.ui}/no/such/page`);
    await page.getByText('Page not found').waitFor();
  });
});
