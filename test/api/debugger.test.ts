/** options.debugger: per-stage timings in the /track answer, only when TRACK_DEBUG=yes allows it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAGES } from '../../host/src/pipeline/stages.ts';
import { startHost, type HostHandle } from '../helpers/index.ts';

let debug: HostHandle;
let plain: HostHandle;

beforeAll(async () => {
  [debug, plain] = await Promise.all([startHost({ env: { TRACK_DEBUG: 'yes' } }), startHost()]);
});
afterAll(async () => { await Promise.all([debug?.dispose(), plain?.dispose()]); });

describe('debugger', () => {
  it('returns the timing of every pipeline stage, in order, when TRACK_DEBUG=yes and the payload asks', async () => {
    const source = await debug.api.createSource({ name: 'debug' });
    const res = await debug.api.track({ source: { id: source.id }, events: [{ type: 'view' }], options: { debugger: true } });
    expect(res.status).toBe(200);
    expect(res.body.debug.stages.map((s: { stage: string }) => s.stage)).toEqual(STAGES.map((s) => s.name));
    for (const s of res.body.debug.stages) expect(s.ms).toBeGreaterThanOrEqual(0);
    expect(Number(res.headers.get('x-process-time'))).toBeGreaterThan(0);

    const quiet = await debug.api.track({ source: { id: source.id }, events: [{ type: 'view' }] });
    expect(quiet.body.debug).toBeUndefined();
  });

  it('ignores options.debugger when TRACK_DEBUG is off', async () => {
    const source = await plain.api.createSource({ name: 'plain' });
    const res = await plain.api.track({ source: { id: source.id }, events: [{ type: 'view' }], options: { debugger: true } });
    expect(res.status).toBe(200);
    expect(res.body.debug).toBeUndefined();
  });
});
