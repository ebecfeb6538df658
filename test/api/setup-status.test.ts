/** `GET /api/setup`: a fresh installation says it needs its first admin, and stops saying so once one exists. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, TEST_ADMIN, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
beforeAll(async () => { host = await startHost(); }, 120_000);
afterAll(async () => { await host?.dispose(); });

describe('GET /api/setup', () => {
  it('answers needed: true without a token while no user exists, then false after setup', async () => {
    const before = await host.api.get('/api/setup', { token: null });
    expect(before.status).toBe(200);
    expect(before.body).toEqual({ needed: true });

    const setup = await host.api.post('/api/setup', TEST_ADMIN, { token: null });
    expect(setup.status).toBe(201);

    const after = await host.api.get('/api/setup', { token: null });
    expect(after.status).toBe(200);
    expect(after.body).toEqual({ needed: false });
    // A second setup stays refused: the status only reports, it reopens nothing.
    expect((await host.api.post('/api/setup', { email: 'x@example.com', password: 'another long password' }, { token: null })).status).toBe(409);
  });

  it('is documented at /docs', async () => {
    const spec = await host.api.get('/docs/json', { token: null });
    expect(spec.status).toBe(200);
    const op = spec.body.paths['/api/setup'].get;
    expect(op.summary).toMatch(/first admin/);
    expect(op.responses['200'].content['application/json'].schema.properties.needed.type).toBe('boolean');
  });
});
