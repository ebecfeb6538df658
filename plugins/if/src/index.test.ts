import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const profile = { id: 'p1', traits: { plan: 'pro', visits: 3 }, pii: { email: 'ann@example.com' }, segments: [] };
const event = { id: 'e1', type: 'purchase', properties: { total: 120 } };

describe('if plugin in the sandbox', () => {
  it('routes to true or false and passes the payload on', async () => {
    const yes = await h.run({ dir, config: { condition: "profile@traits.plan == 'pro' AND event@properties.total > 100" }, input: { payload: { a: 1 } }, profile, event, session: {} });
    expect(yes.error).toBeUndefined();
    expect(yes.results).toEqual([{ port: 'true', payload: { a: 1 } }]);
    const no = await h.run({ dir, config: { condition: 'payload@a > 5 OR profile@pii.email NOT EXISTS' }, input: { payload: { a: 1 } }, profile, event, session: {} });
    expect(no.results).toEqual([{ port: 'false', payload: { a: 1 } }]);
  });

  it('reads PII because its manifest asks for it', async () => {
    const r = await h.run({ dir, config: { condition: "profile@pii.email ENDS WITH '@example.com'" }, profile, event, session: {} });
    expect(r.results[0].port).toBe('true');
  });

  it('fails the node with the column of a syntax error', async () => {
    const r = await h.run({ dir, config: { condition: 'profile@traits.plan ==' }, profile, event, session: {} });
    expect(r.error?.code).toBe('condition_syntax');
    expect(r.error?.message).toMatch(/column 23/);
  });

  it('rejects a missing condition through the config schema', async () => {
    const r = await h.run({ dir, config: {}, profile, event, session: {} });
    expect(r.error?.code).toBe('invalid_config');
  });
});
