/**
 * The customer-data screens in real headless Chromium against a real host: a segment (with the API's condition error
 * shown at the field) that a tracked profile lands in, identification points, a destination whose credential stays
 * masked, its failed delivery showing up as a dead letter and retried once the receiver is back, scheduling an event
 * from the profile page and cancelling it from Jobs, and merging two profiles. Screenshots of each screen go to
 * test-artifacts/gui/; any console error the test did not provoke fails it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { freePort, TEST_ADMIN } from '../helpers/index.ts';
import { pageHelpers, until } from './page-helpers.ts';
import { startGuiWorld, waitForPlugins, type GuiWorld } from './support.ts';

const WEBHOOK = '@tessera/plugin-webhook-destination';
const SECRET = 'tok-3f9a-never-shown';
let w: GuiWorld;
let page: Page;
let ui: ReturnType<typeof pageHelpers>;
let receiverPort = 0;
let receiver: http.Server | null = null;
const received: { url: string; auth: string | undefined }[] = [];
const state = { sourceId: '', profileId: '', otherProfileId: '' };

beforeAll(async () => {
  // Nothing listens on this port until the retry step: deliveries fail with a connection error until then.
  receiverPort = await freePort();
  // The sandbox refuses loopback addresses unless the administrator allows them (as in test/destinations).
  w = await startGuiWorld('customer-data', { env: { SANDBOX_ALLOW_PRIVATE_HOSTS: '127.0.0.1' } });
  page = w.page;
  ui = pageHelpers(page);
  await w.host.api.adminToken();
  await waitForPlugins(w.host, [WEBHOOK]);
  state.sourceId = (await w.host.api.createSource({ name: 'web shop' })).id;
  await page.goto(`${w.ui}/login`);
  await page.locator('input[name=email]').fill(TEST_ADMIN.email);
  await page.locator('input[name=password]').fill(TEST_ADMIN.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/ui\/dashboard/);
}, 300_000);
afterAll(async () => {
  await w?.close();
  await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)));
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await w.shot(`failed-${ctx.task.name.split(' ').slice(0, 3).join('-')}`);
  w.assertCleanConsole();
});

const track = (events: { type: string; properties?: Record<string, unknown> }[], profile?: string) =>
  w.host.api.track({ source: { id: state.sourceId }, ...(profile ? { profile: { id: profile } } : {}), events: events.map((e) => ({ properties: {}, ...e })) });
const row = (text: string) => page.locator('tr', { hasText: text });

describe('customer data screens', () => {
  it('creates a segment, shows a bad condition at its column, and lists a tracked profile as a member', async () => {
    await ui.nav('Segments');
    await page.getByText('No segments yet').waitFor();
    await w.shot('segments-empty');
    await page.getByRole('button', { name: 'New segment' }).click();
    await page.locator('input[name=segment-name]').fill('Active shoppers');
    await page.locator('textarea[name=segment-condition]').fill('profile@stats.events > 0 AND');
    w.expectConsoleError(/status of 422/);
    await page.getByRole('button', { name: 'Save segment' }).click();
    const feedback = page.locator('[data-field=condition]');
    await until(() => feedback.getByRole('alert').textContent()).toMatch(/condition/i);
    // The caret sits under the column the API named: past the end of the unfinished condition.
    await until(() => feedback.locator('pre.caret').textContent()).toBe(`profile@stats.events > 0 AND\n${' '.repeat('profile@stats.events > 0 AND'.length)}^`);
    await w.shot('segment-condition-error');
    await page.locator('textarea[name=segment-condition]').fill('profile@stats.events > 0');
    await page.getByRole('button', { name: 'Save segment' }).click();
    await row('Active shoppers').waitFor();
    expect(await row('Active shoppers').getByRole('link', { name: 'members of Active shoppers' }).textContent()).toBe('0');

    const res = await track([{ type: 'page-view' }, { type: 'add-to-cart', properties: { sku: 'A1' } }]);
    expect(res.status).toBe(200);
    state.profileId = res.body.profile.id;
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return row('Active shoppers').getByRole('link', { name: 'members of Active shoppers' }).textContent();
    }).toBe('1');
    await w.shot('segments');
    await row('Active shoppers').getByRole('link', { name: 'members of Active shoppers' }).click();
    await page.waitForURL(/\/ui\/profiles\?segment=Active/);
    await page.locator(`[data-profile-id="${state.profileId}"]`).waitFor();
    await w.shot('profiles-in-segment');
  });

  it('creates an identification point', async () => {
    await ui.nav('Identification');
    await page.getByText('No identification points').waitFor();
    await page.getByRole('button', { name: 'New identification point' }).click();
    await page.locator('input[name=point-name]').fill('Login form');
    await page.locator('input[name=point-event-type]').fill('login');
    await page.locator('input[name=point-field-0-profile]').fill('pii.email');
    await page.locator('input[name=point-field-0-event]').fill('properties.email');
    await w.shot('identification-point-form');
    await page.getByRole('button', { name: 'Save identification point' }).click();
    await row('Login form').waitFor();
    expect(await row('Login form').textContent()).toContain('pii.email ← properties.email');
    const stored = await w.host.api.get('/api/identification-points');
    expect(stored.body.items).toEqual([expect.objectContaining({ name: 'Login form', eventType: 'login', fields: [{ profile: 'pii.email', event: 'properties.email' }] })]);
    await w.shot('identification-points');
  });

  it('creates a destination whose credential is entered as a secret and shown masked', async () => {
    await ui.nav('Destinations');
    await page.getByText('No destinations').waitFor();
    await w.shot('destinations-empty');
    await page.getByRole('button', { name: 'New destination' }).click();
    await page.locator('input[name=destination-name]').fill('Offline CRM');
    // The config form is drawn from the webhook plugin's JSON Schema.
    await page.locator('[name=url]').fill(`http://127.0.0.1:${receiverPort}/crm`);
    const allowlist = page.locator('[data-field=allowlist]');
    await allowlist.locator('button').click();
    await allowlist.locator('input').fill('127.0.0.1');
    await allowlist.locator('input').press('Enter');
    await page.getByRole('button', { name: 'Add credential field' }).click();
    await page.locator('input[name=resource-auth-0-key]').fill('token');
    await page.locator('input[name=resource-auth-0-value]').fill(SECRET);
    expect(await page.locator('input[name=resource-auth-0-value]').getAttribute('type')).toBe('password');
    await page.locator('input[name=destination-attempts]').fill('1');
    await page.locator('input[name=destination-backoff]').fill('100');
    await w.shot('destination-form');
    await page.getByRole('button', { name: 'Save destination' }).click();
    await row('Offline CRM').waitFor();
    await page.locator('.n-modal').waitFor({ state: 'detached' });
    expect(await row('Offline CRM').textContent()).toContain('auth.token ********');
    expect(await page.content()).not.toContain(SECRET);
    const stored = (await w.host.api.get('/api/destinations')).body.items[0];
    expect(stored).toMatchObject({ name: 'Offline CRM', plugin: { name: WEBHOOK }, config: { allowlist: ['127.0.0.1'] }, resources: { auth: { token: '********' } }, delivery: { attempts: 1 } });
    await w.shot('destinations');

    // Editing shows the stored credential masked, and saving it untouched keeps it.
    await row('Offline CRM').getByRole('link', { name: 'Offline CRM' }).click();
    expect(await page.locator('input[name=resource-auth-0-value]').inputValue()).toBe('********');
    await w.shot('destination-edit');
    await page.getByRole('button', { name: 'Save destination' }).click();
    await page.getByText('Destination saved').first().waitFor();
  });

  it('shows the failed delivery as a dead letter with its error and payload, and retries it', async () => {
    expect((await track([{ type: 'purchase', properties: { total: 42 } }], state.profileId)).status).toBe(200);
    await ui.nav('Jobs');
    await page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();
    await page.locator('.n-tabs-tab', { hasText: 'Dead letters' }).click();
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return page.locator('.dead-table tr', { hasText: 'dispatch' }).count();
    }).toBeGreaterThan(0);
    const dead = page.locator('.dead-table tr', { hasText: 'dispatch' }).first();
    expect(await dead.textContent()).toContain('Offline CRM');
    await dead.locator('.n-data-table-expand-trigger').click();
    await page.locator('.json-view').first().waitFor();
    expect(await page.locator('.json-view').first().textContent()).toContain('"destinationId"');
    await w.shot('dead-letters');

    // The receiver is back: the retried job delivers, with the credential, and the dead letter is gone.
    receiver = http.createServer((req, res) => {
      received.push({ url: req.url ?? '', auth: req.headers.authorization });
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => receiver!.listen(receiverPort, '127.0.0.1', r));
    expect((receiver.address() as AddressInfo).port).toBe(receiverPort);
    await dead.getByRole('button', { name: /^retry dispatch/ }).click();
    await page.getByText('queued again').first().waitFor();
    await until(() => received.length).toBeGreaterThan(0);
    expect(received[0]).toEqual({ url: '/crm', auth: `Bearer ${SECRET}` });
    await until(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return page.getByText('No dead letters').isVisible();
    }).toBe(true);
    await page.locator('.n-tabs-tab', { hasText: 'Queues' }).click();
    await page.locator('.queue-table tr', { hasText: 'dispatch' }).first().waitFor();
    await w.shot('jobs-queues');
  });

  it('schedules an event from the profile page and cancels it from Jobs', async () => {
    await page.goto(`${w.ui}/profiles/${encodeURIComponent(state.profileId)}`);
    await page.getByRole('button', { name: 'Schedule event' }).click();
    await page.locator('input[name=schedule-event-type]').fill('winback-reminder');
    await page.locator('textarea[name=schedule-properties]').fill('{"campaign": "spring"}');
    await w.shot('schedule-event-form');
    await page.getByRole('button', { name: 'Schedule event' }).last().click();
    await page.getByText('winback-reminder scheduled, in 1 h').waitFor();
    await page.locator('.n-tabs-tab', { hasText: 'Scheduled' }).click();
    await page.locator('tr', { hasText: 'winback-reminder' }).waitFor();
    await w.shot('profile-scheduled');

    await ui.nav('Jobs');
    await page.locator('.n-tabs-tab', { hasText: 'Scheduled events' }).click();
    const scheduled = page.locator('.scheduled-table tr', { hasText: 'winback-reminder' });
    await scheduled.waitFor();
    expect(await scheduled.textContent()).toContain('"campaign":"spring"');
    await w.shot('scheduled-events');
    await scheduled.getByRole('button', { name: 'cancel winback-reminder event' }).click();
    await page.getByRole('button', { name: 'Cancel event' }).click();
    await page.getByText('No scheduled events').waitFor();
    expect((await w.host.api.get('/api/scheduled-events')).body.items).toEqual([]);
  });

  it('merges another profile into this one after listing what will happen', async () => {
    const other = await track([{ type: 'page-view' }]);
    state.otherProfileId = other.body.profile.id;
    await page.goto(`${w.ui}/profiles/${encodeURIComponent(state.profileId)}`);
    await page.getByRole('button', { name: 'Merge profiles' }).click();
    await page.locator('textarea[name=merge-ids]').fill(`${state.otherProfileId}\nno-such-profile`);
    await page.getByRole('button', { name: 'Review merge' }).click();
    w.expectConsoleError(/status of 404/);
    await page.getByText('No profile has the id no-such-profile').waitFor();
    expect(await page.getByRole('button', { name: 'Merge profiles' }).last().isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Back' }).click();
    await page.locator('textarea[name=merge-ids]').fill(state.otherProfileId);
    await page.getByRole('button', { name: 'Review merge' }).click();
    const plan = page.getByRole('region', { name: 'What will happen' });
    await plan.waitFor();
    expect(await plan.textContent()).toContain(`${state.otherProfileId} is marked merged into this profile`);
    expect(await plan.textContent()).toContain('cannot be undone');
    await w.shot('merge-confirmation');
    await page.getByRole('button', { name: 'Merge profiles' }).last().click();
    await page.getByText(/Merged 1 profile/).waitFor();
    const merged = await w.host.api.get(`/api/profiles/${encodeURIComponent(state.otherProfileId)}`);
    expect(merged.body.id).toBe(state.profileId);
    await w.shot('profile-merged');
  });
});
