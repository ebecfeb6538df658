/**
 * The published version of each flow, cached for the ingestion path. Publishing, rollback and deletion in this
 * process drop the entry at once (and are announced on the bus for other hosts); entries also expire after
 * `ttlMs` as a safety net.
 */
import type { FlowVersion } from './flow.schema.ts';
import type { FlowService } from './flows.service.ts';

/** Cached lookup of the live version of a flow. */
export interface LiveFlows {
  get(flowId: string): Promise<FlowVersion | null>;
  invalidate(flowId?: string): void;
}

/** Creates the cache. */
export function createLiveFlows(flows: FlowService, ttlMs = 5000): LiveFlows {
  const cache = new Map<string, { at: number; value: Promise<FlowVersion | null> }>();
  return {
    get(flowId) {
      const hit = cache.get(flowId);
      if (hit && Date.now() - hit.at < ttlMs) return hit.value;
      const value = flows.live(flowId);
      cache.set(flowId, { at: Date.now(), value });
      value.catch(() => cache.delete(flowId));
      return value;
    },
    invalidate(flowId) {
      if (flowId === undefined) cache.clear();
      else cache.delete(flowId);
    },
  };
}
