/**
 * Plugin kinds and their users beyond flows: an uninstall is refused while an enabled destination sends through the
 * version (forcing disables the destination with a visible reason), flows refuse destination plugins as nodes, and
 * destinations refuse plugins of other kinds. Real Verdaccio, real SQLite store, the host's own destination and flow
 * validation.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { PublisherKeyPair } from '@tessera/plugin-sdk/signing';
import { createCipher } from '../../host/src/auth/cipher.ts';
import { MemoryBus } from '../../host/src/coord/index.ts';
import { destinationRecords, prepareDestination, type StoredDestination } from '../../host/src/destinations/index.ts';
import { installedViews } from '../../host/src/plugins/http/views.ts';
import { validateFlow } from '../../host/src/workflow/validate.ts';
import type { Services } from '../../host/src/services.ts';
import { newPublisher, publishFixture, startWorld, type MarketplaceWorld } from './fixtures.ts';

let world: MarketplaceWorld;
let acme: PublisherKeyPair;
let services: Pick<Services, 'store' | 'cipher' | 'plugins' | 'bus'>;

const DEST = { name: '@acme/plugin-beacon', version: '1.0.0' };
const ACTION = { name: '@acme/plugin-stamp', version: '1.0.0' };

beforeAll(async () => {
  world = await startWorld();
  acme = newPublisher();
  await world.plugins.trust.add({ publisher: 'Acme Corp', publicKeyPem: acme.publicKeyPem, actor: 'admin@test' });
  await publishFixture(world, {
    ...DEST,
    tessera: {
      apiVersion: '1', kind: 'destination', title: 'Beacon', description: 'Sends a beacon', category: 'Destinations', entry: 'dist/index.js',
      config: { type: 'object', properties: { url: { type: 'string', default: 'https://example.com/beacon' } } },
    },
  }, acme);
  await publishFixture(world, ACTION, acme);
  for (const p of [DEST, ACTION]) await world.plugins.installFromRegistry(p.name, p.version, { actor: 'admin@test' });
  services = { store: world.store, cipher: createCipher(randomBytes(32)), plugins: { service: world.plugins } as Services['plugins'], bus: new MemoryBus() };
});
afterAll(async () => { await world?.close(); });

async function saveDestination(id: string, plugin: { name: string; version: string }, enabled = true): Promise<StoredDestination> {
  const stored = await prepareDestination(services, id, { name: `Destination ${id}`, plugin, on: 'event', enabled }, null);
  await destinationRecords(services).put(stored);
  return stored;
}

it('destinations refuse plugins that are not of kind destination', async () => {
  await expect(saveDestination('stamp', ACTION)).rejects.toMatchObject({
    code: 'invalid_destination', details: { fields: [expect.objectContaining({ path: 'plugin', message: expect.stringContaining('of kind action, not destination') })] },
  });
});

it('flows refuse a destination plugin as a node, naming the node', async () => {
  const flow = {
    name: 'Beacon in a flow', description: '',
    nodes: [
      { id: 'start', type: 'start' as const, position: { x: 0, y: 0 } },
      { id: 'beacon', type: 'plugin' as const, plugin: DEST, position: { x: 200, y: 0 }, config: {} },
      { id: 'stamp', type: 'plugin' as const, plugin: ACTION, position: { x: 400, y: 0 }, config: {} },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'payload', target: 'beacon', targetPort: 'payload' },
      { id: 'e2', source: 'start', sourcePort: 'payload', target: 'stamp', targetPort: 'payload' },
    ],
  };
  const { problems } = await validateFlow(flow as never, world.plugins.catalog);
  expect(problems).toEqual([expect.objectContaining({ path: 'nodes.1.plugin', node: 'beacon', message: expect.stringContaining('of kind destination') })]);
});

it('refuses to uninstall a version an enabled destination uses; forcing disables it with a visible reason', async () => {
  await saveDestination('crm', DEST);
  await saveDestination('old', DEST, false);
  // GET /api/plugins shows which enabled destinations send through each version.
  const views = await installedViews(world.store, world.plugins);
  expect(views.find((v) => v.id === `${DEST.name}@${DEST.version}`)?.destinations).toEqual([{ destinationId: 'crm', destinationName: 'Destination crm' }]);
  expect(views.find((v) => v.id === `${ACTION.name}@${ACTION.version}`)?.destinations).toEqual([]);
  await expect(world.plugins.manager.remove(DEST.name, DEST.version, { actor: 'admin@test' })).rejects.toMatchObject({
    code: 'plugin_in_use', status: 409,
    message: expect.stringContaining('enabled destination(s) "Destination crm"'),
    details: { flows: [], destinations: [{ destinationId: 'crm', destinationName: 'Destination crm' }] },
  });
  expect(await world.plugins.catalog.has(DEST.name, DEST.version)).toBe(true);
  const disabling = await world.plugins.manager.setEnabled(DEST.name, DEST.version, false, { actor: 'admin@test' });
  expect(disabling.affectedDestinations).toEqual([{ destinationId: 'crm', destinationName: 'Destination crm' }]);
  await world.plugins.manager.setEnabled(DEST.name, DEST.version, true, { actor: 'admin@test' });

  const result = await world.plugins.manager.remove(DEST.name, DEST.version, { actor: 'admin@test', force: true });
  expect(result.disabledDestinations).toEqual([{ destinationId: 'crm', destinationName: 'Destination crm' }]);
  const crm = await destinationRecords(services).get('crm');
  expect(crm).toMatchObject({ enabled: false, disabledReason: `plugin ${DEST.name}@${DEST.version} was uninstalled by admin@test` });
  // The already disabled one was not touched.
  expect((await destinationRecords(services).get('old'))?.disabledReason).toBeUndefined();
  expect(await world.plugins.catalog.has(DEST.name, DEST.version)).toBe(false);
});
