import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = { profile: { id: 'p1', traits: { plan: 'pro' }, pii: { email: 'secret@example.com' } }, event: { id: 'e1', type: 'x', properties: {} }, session: {} };

describe('create-response plugin in the sandbox', () => {
  it('sends the rendered body out of `respond` (under a key) and passes the payload on', async () => {
    const r = await h.run({ dir, ...world, config: { key: 'offer', body: { plan: '{{profile@traits.plan}}', text: '{{payload@text}}' } }, input: { payload: { text: 'hi' } } });
    expect(r.results).toEqual([
      { port: 'respond', payload: { offer: { plan: 'pro', text: 'hi' } } },
      { port: 'payload', payload: { text: 'hi' } },
    ]);
  });
  it('cannot leak PII into the answer: its manifest does not grant it', async () => {
    const r = await h.run({ dir, ...world, config: { body: { email: '{{profile@pii.email}}' } } });
    expect(r.results[0]).toEqual({ port: 'respond', payload: {} });
  });
});
