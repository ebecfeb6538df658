/**
 * The two things the plugin domain does to flows — disable one (forced uninstall) and save a draft (node upgrade) —
 * as replaceable hooks. The defaults write the store directly; the workflow engine replaces them with its service
 * (`services.plugins.service.flowHooks.saveDraft = (id, input) => flows.update(id, input)`), so its validation and
 * change listeners run.
 */
import type { Store } from '../storage/index.ts';
import type { SaveDraft } from './upgrade.ts';
import { disableFlow } from './usage.ts';

/** Hooks into the workflow model. */
export interface FlowHooks {
  /** Stops live traffic of a flow and records the visible reason. */
  disableFlow(flowId: string, reason: string, by: string): Promise<void>;
  /** Saves a flow draft. */
  saveDraft: SaveDraft;
}

/** Default hooks over the store's `flows` collection. */
export function defaultFlowHooks(store: Store): FlowHooks {
  return {
    disableFlow: (flowId, reason, by) => disableFlow(store, flowId, reason, by),
    async saveDraft(flowId, input) {
      const flows = store.config<{ id: string } & Record<string, unknown>>('flows');
      const flow = await flows.get(flowId);
      if (!flow) return;
      await flows.put({ ...flow, ...input, updatedAt: new Date().toISOString() });
    },
  };
}
