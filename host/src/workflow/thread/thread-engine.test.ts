import { describe, expect, it } from 'vitest';
import type { FlowDocs, RunnableFlow } from '../engine/index.ts';
import { createThreadEngine } from './thread-engine.ts';

const flow: RunnableFlow = { id: 'f1', version: 1, graph: { name: 'Checkout', nodes: [{ id: 'start', type: 'start', position: { x: 0, y: 0 } }], edges: [] } as unknown as RunnableFlow['graph'] };
const docs: FlowDocs = { event: { id: 'e1', type: 'purchase', properties: {} }, profile: null, session: null };

function engineWithDyingThread(logged: string[]) {
  return createThreadEngine({
    threads: 1,
    entry: new URL('./fixtures/exiting-thread.ts', import.meta.url),
    catalog: { get: () => Promise.reject(new Error('not used')), subscribe: () => () => undefined },
    kv: { get: () => undefined, set: () => undefined, delete: () => undefined },
    logger: { info: () => undefined, warn: () => undefined, error: (_o: object, msg?: string) => { logged.push(msg ?? ''); } },
  });
}

describe('flow threads when a thread dies', () => {
  it('fails the runs it had as failed flow runs naming the reason, pauses, then starts a new thread', async () => {
    const logged: string[] = [];
    const engine = engineWithDyingThread(logged);
    try {
      const first = await engine.run(flow, docs);
      expect(first.status).toBe('failed');
      expect(first.docs).toBe(docs);
      expect(first.errors).toEqual([expect.objectContaining({ flowId: 'f1', code: 'flow_thread_failed', message: expect.stringMatching(/^flow "Checkout" \(f1 v1\): the flow thread exited \(code 3\)$/) })]);
      expect(logged).toEqual(['the flow thread exited (code 3)']);

      // Within the pause: failed at once, no new thread (nothing new is logged).
      const paused = await engine.run(flow, docs);
      expect(paused.errors[0].message).toMatch(/the flow thread exited \(code 3\); restarting/);
      expect(logged).toHaveLength(1);

      // After it: a new thread is started (and, being this fixture, dies again).
      await new Promise((r) => setTimeout(r, 1100));
      const later = await engine.run(flow, docs);
      expect(later.errors[0].code).toBe('flow_thread_failed');
      expect(logged).toHaveLength(2);
    } finally {
      await engine.close();
    }
  });
});
