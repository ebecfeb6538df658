import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);

describe('log plugin in the sandbox', () => {
  it('logs the rendered message at the chosen level and passes the payload on', async () => {
    const r = await h.run({ dir, config: { message: 'event {{event@type}} with {{payload@n}}', level: 'warn' }, input: { payload: { n: 2 } }, event: { id: 'e', type: 'view', properties: {} }, profile: { id: 'p' }, session: {} });
    expect(r.logs.map((l) => [l.level, l.message])).toEqual([['warn', 'event view with 2']]);
    expect(r.results).toEqual([{ port: 'payload', payload: { n: 2 } }]);
  });
});
