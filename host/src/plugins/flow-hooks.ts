/**
 * The things the plugin domain does to flows and destinations — disable one (forced uninstall) and save a flow draft
 * (node upgrade) — as replaceable hooks. The defaults write the store directly; the workflow engine replaces them with its service
 * (`services.plugins.service.flowHooks.saveDraft = (id, input) => flows.update(id, input)`), so its validation and
 * change listeners run.
 */
import type { Store } from '../storage/index.ts';
import type { SaveDraft } from './upgrade.ts';
import { disableDestination, disableFlow } from './usage.ts';

/** Hooks into the workflow model. */
export interface FlowHooks {
  /** Stops live traffic of a flow and records the visible reason. */
  disableFlow(flowId: string, reason: string, by: string): Promise<void>;
  /** Saves a flow draft. */
  saveDraft: SaveDraft;
  /** Stops a destination and records the visible reason. */
  disableDestination(destinationId: string, reason: string): Promise<void>;
}

/** Default hooks over the store's `flows` collection. */
export function defaultFlowHooks(store: Store): FlowHooks {
  return {
    disableFlow: (flowId, reason, by) => disableFlow(store, flowId, reason, by),
    disableDestination: (id, reason) => disableDestination(store, id, reason),
    async saveDraft(flowId, input) {
      const flows = store.config<{ id: string } & Record<string, unknown>>('flows');
      const flow = await flows.get(flowId);
      if (!flow) return;
      await flows.put({ ...flow, ...input, updatedAt: new Date().toISOString() });
    },
  };
}

/** The parts of the workflow services the hooks need (host/src/workflow `Workflow`). */
export interface WorkflowLike {
  flows: { update(id: string, input: never): Promise<unknown> };
  live: { invalidate(id?: string): void };
}

/**
 * Routes the hooks through the workflow services: drafts are saved by the flow service (validation, listeners), and
 * a disabled flow is dropped from the live cache here and announced to the other hosts.
 */
export function connectWorkflow(hooks: FlowHooks, workflow: WorkflowLike, announce: (flowId: string) => Promise<void>): void {
  const disableDirect = hooks.disableFlow;
  hooks.saveDraft = (id, input) => workflow.flows.update(id, input as never);
  hooks.disableFlow = async (flowId, reason, by) => {
    await disableDirect(flowId, reason, by);
    workflow.live.invalidate(flowId);
    await announce(flowId).catch(() => undefined);
  };
}
