/**
 * Delayed and scheduled events end to end with the real host process: a flow's schedule-event node and an operator's
 * API call both inject an event later, for the same profile and session, from the internal `@scheduler` source, and
 * routing rules run flows on it. Pending events are listed, can be cancelled, and survive a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHost, waitForPlugins, type HostHandle } from '../helpers/index.ts';

const plugin = (name: string) => ({ name: `@tessera/plugin-${name}`, version: '1.0.0' });
const at = (x: number) => ({ x, y: 0 });
let host: HostHandle;
let sourceId: string;

/** A flow of one plugin node after the start node. */
function oneNodeFlow(name: string, node: string, config: Record<string, unknown>) {
  return {
    name,
    nodes: [{ id: 'start', type: 'start', position: at(0) }, { id: 'n1', type: 'plugin', plugin: plugin(node), position: at(200), config }],
    edges: [{ id: 'e1', source: 'start', sourcePort: 'payload', target: 'n1', targetPort: 'payload' }],
  };
}

async function publishedFlowWithRule(eventType: string, flow: ReturnType<typeof oneNodeFlow>): Promise<string> {
  const created = await host.api.post('/api/flows', flow);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  expect((await host.api.post(`/api/flows/${created.body.id}/publish`, { note: 'v1' })).status).toBe(201);
  expect((await host.api.post('/api/rules', { name: eventType, eventType, source: 'any', flowId: created.body.id })).status).toBe(201);
  return created.body.id;
}

const eventsOf = async (type: string, profile: string) => (await host.api.get(`/api/events?type=${type}&profile=${profile}&limit=100`)).body.items as Array<Record<string, any>>;

beforeAll(async () => {
  host = await startHost();
  sourceId = (await host.api.createSource({ name: 'shop' })).id;
  await waitForPlugins(host.api, ['@tessera/plugin-schedule-event', '@tessera/plugin-update-profile', '@tessera/plugin-http-request']);
  // cart-abandoned → schedule a reminder in 1 s; reminder → mark the profile with the reminded item.
  await publishedFlowWithRule('cart-abandoned', oneNodeFlow('Remind later', 'schedule-event', {
    eventType: 'reminder', delaySeconds: 1, properties: { item: '{{event@properties.item}}' },
  }));
  await publishedFlowWithRule('reminder', oneNodeFlow('Reminded', 'update-profile', {
    operations: [{ field: 'traits.reminded', op: 'set', value: '{{event@properties.item}}' }, { field: 'traits.reminders', op: 'increment' }],
  }));
}, 240_000);
afterAll(() => host?.dispose());

describe('scheduled events', () => {
  it('a flow schedules an event that fires after its delay, for the same profile and session, and runs its own flow', async () => {
    const res = await host.api.track({ source: { id: sourceId }, events: [{ type: 'Cart Abandoned', properties: { item: 'hat' } }] });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([]);
    const profileId = res.body.profile.id;
    const pending = (await host.api.get(`/api/scheduled-events?profile=${profileId}`)).body.items;
    expect(pending).toEqual([expect.objectContaining({
      eventType: 'reminder', properties: { item: 'hat' }, profileId, sessionId: res.body.session.id, depth: 1,
      origin: expect.objectContaining({ kind: 'flow', nodeId: 'n1', eventId: res.body.events.at(-1) }),
    })]);
    // Not before its time.
    expect((await host.api.get(`/api/profiles/${profileId}`)).body.traits.reminded).toBeUndefined();
    const profile = await eventually('the reminder flow', async () => {
      const p = (await host.api.get(`/api/profiles/${profileId}`)).body;
      return p.traits?.reminded ? p : undefined;
    });
    expect(profile.traits).toMatchObject({ reminded: 'hat', reminders: 1 });
    const [reminder] = await eventsOf('reminder', profileId);
    expect(reminder).toMatchObject({ id: pending[0].id, sourceId: '@scheduler', sessionId: res.body.session.id, status: 'processed' });
    expect(Date.parse(reminder.insertedAt) - Date.parse(pending[0].createdAt)).toBeGreaterThanOrEqual(900);
    await eventually('the pending list to empty', async () => ((await host.api.get(`/api/scheduled-events?profile=${profileId}`)).body.items.length === 0 ? true : undefined));
  });

  it('an operator schedules an event; bad requests name the field', async () => {
    const tracked = await host.api.track({ source: { id: sourceId }, events: [{ type: 'page-view' }] });
    const profileId = tracked.body.profile.id;
    const both = await host.api.post('/api/events/schedule', { eventType: 'reminder', profileId, delaySeconds: 1, at: new Date(Date.now() + 5000).toISOString() });
    expect(both.status).toBe(422);
    expect(both.body.error).toMatchObject({ code: 'invalid_schedule', details: { fields: [expect.objectContaining({ path: 'at' })] } });
    const past = await host.api.post('/api/events/schedule', { eventType: 'reminder', profileId, at: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(422);
    expect(past.body.error.message).toMatch(/in the past/);
    expect((await host.api.post('/api/events/schedule', { eventType: 'reminder', profileId: 'nobody', delaySeconds: 1 })).status).toBe(404);
    const other = await host.api.track({ source: { id: sourceId }, events: [{ type: 'page-view' }] });
    expect((await host.api.post('/api/events/schedule', { eventType: 'reminder', profileId, sessionId: other.body.session.id, delaySeconds: 1 })).status).toBe(422);

    const ok = await host.api.post('/api/events/schedule', { eventType: 'Reminder', profileId, at: new Date(Date.now() + 1000).toISOString(), properties: { item: 'scarf' } });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ eventType: 'reminder', sessionId: null, origin: { kind: 'api' } });
    const p = await eventually('the operator-scheduled reminder', async () => {
      const body = (await host.api.get(`/api/profiles/${profileId}`)).body;
      return body.traits?.reminded === 'scarf' ? body : undefined;
    });
    // No session given: the profile's last session receives it, so no new visit starts.
    const [event] = await eventsOf('reminder', profileId);
    expect(event.sessionId).toBe(tracked.body.session.id);
    expect(p.stats.visits).toBe(1);
  });

  it('a cancelled event never fires', async () => {
    const tracked = await host.api.track({ source: { id: sourceId }, events: [{ type: 'page-view' }] });
    const profileId = tracked.body.profile.id;
    const s = await host.api.post('/api/events/schedule', { eventType: 'reminder', profileId, delaySeconds: 2, properties: { item: 'never' } });
    expect((await host.api.delete(`/api/scheduled-events/${s.body.id}`)).status).toBe(204);
    expect((await host.api.delete(`/api/scheduled-events/${s.body.id}`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 4000));
    expect(await eventsOf('reminder', profileId)).toEqual([]);
  });

  it('a flow that fails after scheduling schedules nothing (all or nothing)', async () => {
    const flow = oneNodeFlow('Schedule then fail', 'schedule-event', { eventType: 'reminder', delaySeconds: 1, properties: { item: 'lost' } });
    flow.nodes.push({ id: 'n2', type: 'plugin', plugin: plugin('http-request'), position: at(400), config: { url: 'https://api.example.com/x', allowlist: ['other.example.com'] } });
    flow.edges.push({ id: 'e2', source: 'n1', sourcePort: 'payload', target: 'n2', targetPort: 'payload' });
    await publishedFlowWithRule('checkout-failed', flow);
    const res = await host.api.track({ source: { id: sourceId }, events: [{ type: 'checkout-failed' }] });
    expect(res.status).toBe(226);
    expect(res.body.errors.join('\n')).toMatch(/host_not_allowed|not in this node's allowlist/);
    expect((await host.api.get(`/api/scheduled-events?profile=${res.body.profile.id}`)).body.items).toEqual([]);
  });

  it('a chain of events scheduling each other stops at the depth limit', async () => {
    await publishedFlowWithRule('loop', oneNodeFlow('Loop', 'schedule-event', { eventType: 'loop', at: '{{event@time}}' }));
    const res = await host.api.track({ source: { id: sourceId }, events: [{ type: 'loop' }] });
    expect(res.body.warnings).toEqual([]);
    const profileId = res.body.profile.id;
    // The tracked event plus five scheduled generations; the sixth is refused.
    const events = await eventually('five generations', async () => {
      const items = await eventsOf('loop', profileId);
      return items.length >= 6 ? items : undefined;
    });
    await new Promise((r) => setTimeout(r, 3000));
    expect(await eventsOf('loop', profileId)).toHaveLength(6);
    expect(events.filter((e) => e.sourceId === '@scheduler').map((e) => e.options.scheduled.depth).sort()).toEqual([1, 2, 3, 4, 5]);
    expect((await host.api.get(`/api/scheduled-events?profile=${profileId}`)).body.items).toEqual([]);
  });

  it('the internal source cannot be used from outside', async () => {
    const res = await host.api.track({ source: { id: '@scheduler' }, events: [{ type: 'reminder' }] });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('internal_id');
  });

  it('a pending event survives a restart of the host', async () => {
    const tracked = await host.api.track({ source: { id: sourceId }, events: [{ type: 'page-view' }] });
    const profileId = tracked.body.profile.id;
    const s = await host.api.post('/api/events/schedule', { eventType: 'reminder', profileId, delaySeconds: 3, properties: { item: 'boots' } });
    expect(s.status).toBe(201);
    expect(await host.stop()).toBe(0);
    host = await startHost({ dataDir: host.dataDir });
    const p = await eventually('the reminder after the restart', async () => {
      const body = (await host.api.get(`/api/profiles/${profileId}`)).body;
      return body.traits?.reminded === 'boots' ? body : undefined;
    }, 30_000);
    expect(p.traits.reminders).toBe(1);
  });
});
