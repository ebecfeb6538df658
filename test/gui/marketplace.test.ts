/**
 * The marketplace in the GUI, in real headless Chromium against a real host and its embedded registry: a third-party
 * plugin published and signed like a developer would, browsed, installed at a chosen version and used in a flow; an
 * explicit node upgrade published and rolled back; an unsigned package refused with a clear error and installed only
 * with a recorded override.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { generatePublisherKeyPair } from '@tessera/plugin-sdk/signing';
import { TEST_ADMIN } from '../helpers/index.ts';
import { newPublisher, publishGreeter } from './fixture-plugin.ts';
import { pageHelpers, until } from './page-helpers.ts';
import { startGuiWorld, waitForPlugins, type GuiWorld } from './support.ts';

let w: GuiWorld;
let page: Page;
let ui: ReturnType<typeof pageHelpers>;
const state = { flowId: '', flowUrl: '' };

beforeAll(async () => {
  w = await startGuiWorld('marketplace');
  page = w.page;
  ui = pageHelpers(page);
  await w.host.api.adminToken();
  await waitForPlugins(w.host);
  // A published flow to add the plugin to: start → create-response.
  const flow = await w.host.api.post('/api/flows', {
    name: 'Tier from purchases',
    nodes: [
      { id: 'start', type: 'start', position: { x: 40, y: 160 } },
      { id: 'create-response-1', type: 'plugin', plugin: { name: '@tessera/plugin-create-response', version: '1.0.0' }, config: { key: 'loyalty', body: { tier: '{{event@properties.tier}}' } }, position: { x: 320, y: 160 } },
    ],
    edges: [{ id: 'start.payload:create-response-1.payload', source: 'start', sourcePort: 'payload', target: 'create-response-1', targetPort: 'payload' }],
  });
  if (flow.status !== 201) throw new Error(`flow: ${flow.status} ${JSON.stringify(flow.body)}`);
  state.flowId = flow.body.id;
  state.flowUrl = `${w.ui}/workflows/${encodeURIComponent(flow.body.id)}`;
  expect((await w.host.api.post(`/api/flows/${state.flowId}/publish`, { note: 'First version' })).status).toBe(201);
  await page.goto(`${w.ui}/login`);
  await page.locator('input[name=email]').fill(TEST_ADMIN.email);
  await page.locator('input[name=password]').fill(TEST_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/ui\/dashboard/);
}, 300_000);
afterAll(async () => { await w?.close(); });
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await w.shot(`failed-${ctx.task.name.split(' ').slice(0, 3).join('-')}`);
  w.assertCleanConsole();
});

describe('the marketplace', () => {
  it('installs a plugin version from the marketplace and uses it in a flow', async () => {
    const pub = await newPublisher(w.host, 'acme');
    await publishGreeter(w.host, pub, '@acme/plugin-greeter', '1.0.0');
    await publishGreeter(w.host, pub, '@acme/plugin-greeter', '1.1.0');

    await ui.nav('Marketplace');
    await page.locator('[data-plugin-name]').first().waitFor();
    await w.shot('marketplace');
    await page.getByRole('searchbox', { name: 'search the marketplace' }).fill('greeter');
    await page.getByRole('button', { name: 'Search' }).click();
    await until(() => page.locator('[data-plugin-name]').count()).toBe(1);
    await page.locator('[data-plugin-name="@acme/plugin-greeter"]').click();
    await page.getByRole('heading', { name: 'Greeter', level: 1 }).waitFor();
    await page.locator('.readme').getByText('Adds a').waitFor();

    await page.locator('.install .n-base-selection').click();
    await page.locator('.n-base-select-option', { hasText: /^1\.0\.0/ }).click();
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    await page.getByText('@acme/plugin-greeter@1.0.0 installed').waitFor();
    await page.locator('.n-tabs-tab', { hasText: 'Versions' }).click();
    await w.shot('plugin-page');

    await ui.nav('Installed plugins');
    await page.getByText('@acme/plugin-greeter: 1.1.0 available').waitFor();
    await w.shot('installed-plugins');

    await page.goto(state.flowUrl);
    await ui.node('create-response-1').waitFor();
    await page.getByRole('searchbox', { name: 'search plugins' }).fill('greet');
    await ui.dropPlugin('@acme/plugin-greeter@1.0.0', 560, 640);
    await ui.node('greeter-1').waitFor();
    await ui.connect(ui.handle('create-response-1', 'source', 'payload'), ui.handle('greeter-1', 'target', 'payload'));
    await until(() => page.locator('.vue-flow__edge').count()).toBe(2);
    await page.locator('input[name=greeting]').fill('hej');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('draft saved', { exact: true }).waitFor();
    await ui.testRun('greeter-1');
    await page.locator('[data-trace-node="greeter-1"]').click();
    await until(() => page.locator('.test-panel .detail').textContent()).toContain('hej');
    await w.shot('flow-with-marketplace-plugin');
    const flow = (await w.host.api.get(`/api/flows/${state.flowId}`)).body;
    expect(flow.nodes.find((n: { id: string }) => n.id === 'greeter-1').plugin).toEqual({ name: '@acme/plugin-greeter', version: '1.0.0' });
  });

  it('upgrades a flow node explicitly, publishes it, and rolls back from the history', async () => {
    expect((await w.host.api.post('/api/plugins/install', { name: '@acme/plugin-greeter', version: '1.1.0' })).status).toBeLessThan(300);
    await page.goto(state.flowUrl);
    await ui.node('greeter-1').click();
    await page.getByText('Upgrade available').waitFor();
    await w.shot('node-upgrade');
    await page.getByRole('button', { name: 'Use 1.1.0' }).click();
    await until(() => ui.node('greeter-1').textContent()).toContain('1.1.0');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('draft saved', { exact: true }).waitFor();
    await ui.testRun('greeter-1');
    await page.locator('[data-trace-node="greeter-1"]').click();
    await until(() => page.locator('.test-panel .detail').textContent()).toContain('"by": "1.1.0"');
    // Version 1 never had the greeter: installing and upgrading the draft never changed live traffic.
    const v1 = (await w.host.api.get(`/api/flows/${state.flowId}/versions/1`)).body;
    expect(JSON.stringify(v1)).not.toContain('plugin-greeter');

    // Publish the upgrade as version 2, then roll back to version 1 from the history (republished as version 3).
    await page.getByRole('button', { name: 'Publish…' }).click();
    await page.locator('textarea[name=version-note]').fill('Greet with 1.1.0');
    await page.getByRole('button', { name: 'Publish', exact: true }).click();
    await page.getByText('live: v2').waitFor();
    await page.getByRole('button', { name: 'Versions' }).click();
    await page.getByText('Greet with 1.1.0').waitFor();
    // What the draft changed since version 1: the greeter node and its edge.
    await page.getByRole('button', { name: 'Compare with draft' }).last().click();
    const diff = page.getByLabel('changes from version 1 to the draft');
    await until(() => diff.textContent()).toContain('+ node greeter-1');
    expect(await diff.textContent()).toContain('+ edge create-response-1.payload → greeter-1.payload');
    await w.shot('version-diff');
    await page.getByRole('button', { name: 'Roll back to this' }).click();
    await ui.confirm('Roll back', /\/rollback$/);
    await page.getByText('Rollback to version 1').first().waitFor();
    await w.shot('rollback');
    await page.keyboard.press('Escape');
    await page.getByText('live: v3').waitFor();
    const flow = (await w.host.api.get(`/api/flows/${state.flowId}`)).body;
    expect(flow.publishedVersion).toBe(3);
    const v3 = (await w.host.api.get(`/api/flows/${state.flowId}/versions/3`)).body;
    expect(v3.rollbackOf).toBe(1);
    expect(JSON.stringify(v3.graph)).not.toContain('plugin-greeter');
  });

  it('refuses an unsigned plugin with a clear error, and installs it only with a recorded override', async () => {
    const pub = await newPublisher(w.host, 'lone-dev');
    await publishGreeter(w.host, pub, '@lone/plugin-hello', '0.1.0', { signed: false });
    await page.goto(`${w.ui}/marketplace/@lone/plugin-hello`);
    await page.getByRole('heading', { name: 'Greeter', level: 1 }).waitFor();
    await until(() => page.locator('.n-tag', { hasText: 'Unsigned' }).count()).toBeGreaterThan(0);
    w.expectConsoleError(/status of 422/);
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Not installed' });
    await until(() => refusal.textContent()).toContain('plugin_unsigned');
    await w.shot('install-refused');
    expect((await w.host.api.get('/api/plugins')).body.items.some((p: { name: string }) => p.name === '@lone/plugin-hello')).toBe(false);

    await page.getByRole('button', { name: 'Override and install…' }).click();
    await page.getByRole('textbox', { name: 'override reason' }).fill('Internal tool reviewed by the security team');
    await w.shot('install-override');
    await page.getByRole('button', { name: 'Install anyway' }).click();
    await page.getByText('@lone/plugin-hello@0.1.0 installed').waitFor();
    const installed = (await w.host.api.get('/api/plugins')).body.items.find((p: { name: string }) => p.name === '@lone/plugin-hello');
    expect(installed.override).toMatchObject({ reason: 'Internal tool reviewed by the security team' });
    await ui.nav('Installed plugins');
    await page.getByRole('row', { name: /@lone\/plugin-hello/ }).getByText('override').waitFor();
  });

  it('reports what no longer fits before moving a node to an incompatible version', async () => {
    const pub = await newPublisher(w.host, 'acme-two');
    await publishGreeter(w.host, pub, '@acme/plugin-greeter', '2.0.0', {
      config: { type: 'object', additionalProperties: false, required: ['audience'], properties: { audience: { type: 'string', enum: ['team', 'world'] } } },
    });
    expect((await w.host.api.post('/api/plugins/install', { name: '@acme/plugin-greeter', version: '2.0.0' })).status).toBeLessThan(300);
    await page.goto(state.flowUrl);
    await ui.node('greeter-1').click();
    await page.getByRole('button', { name: 'Use 2.0.0' }).click();
    const report = page.getByRole('alert').filter({ hasText: 'does not fit' });
    await until(() => report.textContent()).toMatch(/audience/);
    await w.shot('upgrade-report');
    // Nothing changed: the node still pins 1.1.0 until the administrator decides.
    expect(await ui.node('greeter-1').textContent()).toContain('1.1.0');
  });

  it('uninstalls a version no published flow uses', async () => {
    await ui.nav('Installed plugins');
    const row = page.getByRole('row').filter({ hasText: '@acme/plugin-greeter' }).filter({ hasText: '1.0.0' });
    await row.getByRole('button', { name: 'Uninstall' }).click();
    await page.getByRole('button', { name: 'Uninstall', exact: true }).last().click();
    await page.getByText('Uninstalled').waitFor();
    await until(() => row.count()).toBe(0);
    const left = (await w.host.api.get('/api/plugins')).body.items.filter((p: { name: string }) => p.name === '@acme/plugin-greeter').map((p: { version: string }) => p.version);
    expect(left).not.toContain('1.0.0');
    expect(left).toContain('1.1.0');
    await w.shot('after-uninstall');
  });

  it('gives a plugin developer registry credentials and trusts their signing key', async () => {
    await ui.nav('Publishers');
    await page.locator('input[name=registry-user]').fill('grace');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const npmrc = page.getByRole('textbox', { name: 'npmrc line' });
    await until(() => npmrc.inputValue()).toMatch(/_authToken=/);
    await w.shot('registry-credentials');
    await page.keyboard.press('Escape');
    await page.getByRole('row', { name: /grace/ }).waitFor();

    const key = generatePublisherKeyPair();
    await page.locator('input[name=trust-publisher]').fill('Grace Labs');
    await page.locator('textarea[name=trust-pem]').fill(key.publicKeyPem);
    await page.getByRole('button', { name: 'Trust this key' }).click();
    await page.getByRole('row', { name: /Grace Labs/ }).waitFor();
    await w.shot('publishers');
    const trusted = (await w.host.api.get('/api/plugins/trust')).body.items;
    expect(trusted.some((k: { publisher: string }) => k.publisher === 'Grace Labs')).toBe(true);
  });
});
