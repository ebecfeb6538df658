/**
 * Merge keys set by a flow: the profile values the workflow's patches leave (here `traits.customerId`, written by the
 * update-profile plugin) identify the person, and two visitors a flow marks with one customer id become one profile.
 * Segment names the add-segment plugin writes live beside condition segments.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHost, waitForPlugins, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let sourceId: string;
const plugin = (name: string) => ({ name: `@tessera/plugin-${name}`, version: '1.0.0' });

beforeAll(async () => {
  host = await startHost();
  sourceId = (await host.api.createSource({ name: 'shop' })).id;
  await waitForPlugins(host.api, ['@tessera/plugin-update-profile', '@tessera/plugin-add-segment']);
  const flow = await host.api.post('/api/flows', {
    name: 'Orders',
    nodes: [
      { id: 'start', type: 'start', position: { x: 0, y: 0 } },
      { id: 'customer', type: 'plugin', plugin: plugin('update-profile'), position: { x: 200, y: 0 }, config: { operations: [{ field: 'traits.customerId', op: 'set', value: '{{event@properties.customer}}' }] } },
      { id: 'buyers', type: 'plugin', plugin: plugin('add-segment'), position: { x: 400, y: 0 }, config: { segment: 'buyers' } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'payload', target: 'customer', targetPort: 'payload' },
      { id: 'e2', source: 'customer', sourcePort: 'payload', target: 'buyers', targetPort: 'payload' },
    ],
  });
  expect(flow.status).toBe(201);
  expect((await host.api.post(`/api/flows/${flow.body.id}/publish`, { note: 'v1' })).status).toBe(201);
  expect((await host.api.post('/api/rules', { name: 'orders', eventType: 'order', source: 'any', flowId: flow.body.id })).status).toBe(201);
  // A merge key only: no event carries it directly, the flow writes it.
  expect((await host.api.post('/api/identification-points', { name: 'customer id', fields: [{ profile: 'traits.customerId' }] })).status).toBe(201);
  expect((await host.api.post('/api/segments', { name: 'repeat buyers', condition: 'profile@stats.events >= 2 AND profile@traits.customerId EXISTS' })).status).toBe(201);
}, 240_000);

afterAll(async () => {
  await host?.dispose();
});

describe('merge keys written by flows', () => {
  it('merges two visitors whose flows set the same customer id, keeping plugin and condition segments', async () => {
    const order = (session: string) => host.api.track({ source: { id: sourceId }, session: { id: session }, events: [{ type: 'order', properties: { customer: 'C-77' } }] });
    const first = await order(`s-${randomUUID()}`);
    expect(first.body.errors).toEqual([]);
    const older = first.body.profile.id as string;
    const profile = (await host.api.get(`/api/profiles/${older}`)).body;
    expect(profile.traits.customerId).toBe('C-77');
    // The plugin's name is kept although no condition segment owns it; the condition segment is not met yet.
    expect(profile.segments).toEqual(['buyers']);

    const younger = (await order(`s-${randomUUID()}`)).body.profile.id as string;
    expect(younger).not.toBe(older);
    const merged = await eventually('the merge', async () => {
      const res = await host.api.get(`/api/profiles/${younger}`);
      return res.body.id === older ? res.body : undefined;
    });
    expect(merged.stats.events).toBe(2);
    expect(merged.segments.sort()).toEqual(['buyers', 'repeat buyers']);
    expect((await host.api.get('/api/profiles?segment=repeat%20buyers')).body.items.map((p: { id: string }) => p.id)).toEqual([older]);
  });
});
