import { describe, expect, it } from 'vitest';
import type { Destination, InstalledPlugin } from '../../../api/index.ts';
import { blankDestination, declaredResources, destinationBody, destinationDraft, destinationPlugins, destinationProblems, MASKED, resourcesBody, splitPluginKey } from './destination-draft.ts';

const plugin = (name: string, kind: string, extra: Record<string, unknown> = {}) =>
  ({ name, version: '1.0.0', enabled: true, manifest: { kind, title: name.split('/').pop(), permissions: { resources: ['auth'] } }, ...extra }) as unknown as InstalledPlugin;

const stored: Destination = {
  id: 'crm', name: 'CRM', description: '', plugin: { name: '@tessera/plugin-webhook-destination', version: '0.1.0' }, config: { url: 'https://x.example' },
  resources: { auth: { token: '********' } }, on: 'event', eventTypes: ['purchase'], condition: null, enabled: true,
  delivery: { attempts: 3, backoffMs: 500 }, createdAt: '', updatedAt: '',
};

describe('destination plugins', () => {
  it('offers only enabled plugins of kind destination', () => {
    const opts = destinationPlugins([plugin('@a/hook', 'destination'), plugin('@a/log', 'node'), plugin('@a/off', 'destination', { enabled: false })]);
    expect(opts.map((o) => o.value)).toEqual(['@a/hook@1.0.0']);
    expect(declaredResources(plugin('@a/hook', 'destination'))).toEqual(['auth']);
    expect(declaredResources(undefined)).toEqual([]);
  });
  it('splits scoped plugin keys at the last @', () => {
    expect(splitPluginKey('@tessera/plugin-webhook-destination@0.1.0')).toEqual({ name: '@tessera/plugin-webhook-destination', version: '0.1.0' });
  });
});

describe('credentials', () => {
  it('sends new values, and the mask back for stored ones left alone', () => {
    const d = destinationDraft(stored);
    expect(d.resources.auth).toEqual([{ key: 'token', value: MASKED, stored: true }]);
    d.resources.auth!.push({ key: 'user', value: 'bob', stored: false });
    expect(resourcesBody(d.resources, true)).toEqual({ auth: { token: MASKED, user: 'bob' } });
  });
  it('leaves credentials out when none exist, and clears them with null when all were removed', () => {
    expect(resourcesBody({ auth: [{ key: 'token', value: '', stored: false }] }, false)).toBeUndefined();
    expect(resourcesBody({ auth: [] }, true)).toBeNull();
    expect('resources' in destinationBody({ ...blankDestination('@a/hook@1.0.0'), name: 'x' })).toBe(false);
  });
});

describe('destination body', () => {
  it('round-trips a stored destination', () => {
    const body = destinationBody(destinationDraft(stored), true);
    expect(body).toEqual({
      name: 'CRM', plugin: stored.plugin, config: stored.config, on: 'event', enabled: true, condition: null, eventTypes: ['purchase'],
      delivery: { attempts: 3, backoffMs: 500 }, resources: { auth: { token: MASKED } },
    });
  });
  it('drops event types for profile-changed destinations and keeps a trimmed condition', () => {
    const body = destinationBody({ ...blankDestination('@a/hook@1.0.0'), name: 'p', on: 'profile-changed', eventTypes: ['x'], condition: ' profile@traits.vip == true ' });
    expect(body.eventTypes).toBeUndefined();
    expect(body.condition).toBe('profile@traits.vip == true');
  });
  it('names missing fields before asking the API', () => {
    expect(Object.keys(destinationProblems(blankDestination()))).toEqual(['name', 'plugin']);
    expect(destinationProblems({ ...blankDestination('p@1'), name: 'n', resources: { auth: [{ key: '', value: 's', stored: false }] } })).toEqual({ 'resources.auth.0': expect.any(String) });
  });
});
