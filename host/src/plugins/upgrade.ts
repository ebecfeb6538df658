/**
 * Explicit node upgrades: moving the nodes of one flow's draft from one version of a plugin to another. The config of
 * each node is re-validated against the new version's schema and its connected ports are checked; the report says
 * what no longer fits. Applying saves the draft only when everything fits; publishing stays a separate step, so live
 * traffic keeps its pinned version until the administrator publishes.
 */
import { validateConfig } from '@tessera/plugin-sdk/manifest';
import { userError } from '../errors/index.ts';
import type { Store } from '../storage/index.ts';
import type { InstalledPlugin } from './catalog.types.ts';

/** What the upgrade needs from a flow draft (host/src/workflow/flow.schema.ts `Flow`). */
interface DraftNode { id: string; type: string; plugin?: { name: string; version: string }; config?: Record<string, unknown> }
interface DraftFlow {
  id: string; name: string; description: string; timeoutMs?: number;
  nodes: DraftNode[];
  edges: Array<{ id: string; source: string; sourcePort: string; target: string; targetPort: string }>;
}

/** The verdict for one node. */
export interface NodeUpgradeReport {
  nodeId: string;
  from: string;
  to: string;
  fits: boolean;
  /** Config fields that fail the new schema (`path` inside the node's config). */
  configProblems: Array<{ path: string; message: string }>;
  /** Edges attached to ports the new version no longer has. */
  portProblems: Array<{ edgeId: string; port: string; message: string }>;
  /** The config with the new version's defaults applied (what would be saved). */
  newConfig: Record<string, unknown>;
}

/** The whole report. */
export interface UpgradeReport {
  flowId: string;
  plugin: string;
  to: string;
  fits: boolean;
  nodes: NodeUpgradeReport[];
  applied: boolean;
}

/** Saves a flow draft through the workflow service (so its validation and change listeners run). */
export type SaveDraft = (flowId: string, input: { name: string; description: string; nodes: unknown[]; edges: unknown[]; timeoutMs?: number }) => Promise<unknown>;

/** Computes (and with `apply`, saves) the upgrade of `plugin` nodes in a flow's draft to `toVersion`. */
export async function upgradeFlowNodes(deps: { store: Store; saveDraft: SaveDraft }, input: {
  flowId: string; plugin: string; toVersion: string; nodeIds?: string[]; apply?: boolean;
}): Promise<UpgradeReport> {
  const flow = await deps.store.config<DraftFlow>('flows').get(input.flowId);
  if (!flow) throw userError('flow_not_found', `flow ${input.flowId} does not exist`, 404, { path: 'flowId' });
  const target = await deps.store.config<InstalledPlugin>('plugins').get(`${input.plugin}@${input.toVersion}`);
  if (!target) throw userError('plugin_not_installed', `${input.plugin}@${input.toVersion} is not installed; install it before upgrading nodes to it`, 404, { path: 'version' });
  const nodes = flow.nodes.filter((n) => n.plugin?.name === input.plugin && (!input.nodeIds || input.nodeIds.includes(n.id)));
  if (nodes.length === 0) throw userError('upgrade_no_nodes', `flow "${flow.name}" has no ${input.plugin} node${input.nodeIds ? ` among ${input.nodeIds.join(', ')}` : ''}`, 422, { path: 'nodeIds' });

  const reports = nodes.map((node): NodeUpgradeReport => {
    const check = validateConfig(target.manifest, node.config ?? {});
    const portProblems: NodeUpgradeReport['portProblems'] = [];
    for (const e of flow.edges) {
      if (e.source === node.id && e.sourcePort !== 'error' && !target.manifest.outputs.includes(e.sourcePort)) {
        portProblems.push({ edgeId: e.id, port: e.sourcePort, message: `output port "${e.sourcePort}" does not exist in ${input.toVersion} (it has ${target.manifest.outputs.join(', ')})` });
      }
      if (e.target === node.id && !target.manifest.inputs.includes(e.targetPort)) {
        portProblems.push({ edgeId: e.id, port: e.targetPort, message: `input port "${e.targetPort}" does not exist in ${input.toVersion} (it has ${target.manifest.inputs.join(', ')})` });
      }
    }
    return {
      nodeId: node.id, from: `${input.plugin}@${node.plugin!.version}`, to: `${input.plugin}@${input.toVersion}`,
      fits: check.valid && portProblems.length === 0,
      configProblems: check.errors.map((e) => ({ path: e.path, message: e.message })), portProblems, newConfig: check.value,
    };
  });
  const fits = reports.every((r) => r.fits);
  const report: UpgradeReport = { flowId: flow.id, plugin: input.plugin, to: input.toVersion, fits, nodes: reports, applied: false };
  if (!input.apply) return report;
  if (!fits) throw userError('upgrade_does_not_fit', `upgrading ${input.plugin} in flow "${flow.name}" to ${input.toVersion} needs changes first; nothing was saved`, 409, { ...report });
  const byId = new Map(reports.map((r) => [r.nodeId, r]));
  await deps.saveDraft(flow.id, {
    name: flow.name, description: flow.description, edges: flow.edges, ...(flow.timeoutMs !== undefined ? { timeoutMs: flow.timeoutMs } : {}),
    nodes: flow.nodes.map((n) => {
      const r = byId.get(n.id);
      return r ? { ...n, plugin: { name: input.plugin, version: input.toVersion }, config: r.newConfig } : n;
    }),
  });
  return { ...report, applied: true };
}
