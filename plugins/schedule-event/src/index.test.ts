import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: { plan: 'pro' } }, event: { id: 'e1', type: 'signup', properties: { remindAt: '2030-01-02T03:04:05Z', item: 'hat' } }, session: { id: 's1' } };

describe('schedule-event plugin in the sandbox', () => {
  it('sends a delayed request out of `schedule` with rendered properties and passes the payload on', async () => {
    const r = await h.run({ dir, ...world, config: { eventType: 'reminder', delaySeconds: 60, properties: { item: '{{event@properties.item}}', plan: '{{profile@traits.plan}}' } }, input: { payload: { a: 1 } } });
    expect(r.error).toBeUndefined();
    expect(r.results).toEqual([
      { port: 'schedule', payload: { type: 'reminder', delaySeconds: 60, properties: { item: 'hat', plan: 'pro' } } },
      { port: 'payload', payload: { a: 1 } },
    ]);
  });
  it('renders `at` from a template into an ISO time', async () => {
    const r = await h.run({ dir, ...world, config: { eventType: 'follow-up {{event@type}}', at: '{{event@properties.remindAt}}' } });
    expect(r.results[0]).toEqual({ port: 'schedule', payload: { type: 'follow-up signup', at: '2030-01-02T03:04:05.000Z', properties: {} } });
  });
  it('fails the node with a clear error when both or neither of delaySeconds and at are given, or at is not a date', async () => {
    const both = await h.run({ dir, ...world, config: { eventType: 'x', delaySeconds: 5, at: '2030-01-01' } });
    expect(both.error).toMatchObject({ code: 'invalid_schedule', kind: 'user' });
    const neither = await h.run({ dir, ...world, config: { eventType: 'x' } });
    expect(neither.error?.message).toMatch(/exactly one of delaySeconds or at/);
    const bad = await h.run({ dir, ...world, config: { eventType: 'x', at: '{{event@properties.item}}' } });
    expect(bad.error?.message).toMatch(/'hat' is not an ISO date/);
  });
  it('refuses a configuration outside its schema', async () => {
    const r = await h.run({ dir, ...world, config: { eventType: 'x', delaySeconds: 0 } });
    expect(r.error?.code).toBe('invalid_config');
  });
});
