/** Removing, enabling and disabling installed plugin versions. */
import { userError } from '../errors/index.ts';
import type { Store } from '../storage/index.ts';
import type { ContentStore } from './cas.ts';
import { listInstalled } from './catalog.ts';
import type { InstalledPlugin } from './catalog.types.ts';
import { audit } from './internal/audit.ts';
import type { ChangeHub } from './internal/changes.ts';
import { destinationUsage, pluginUsage, type DestinationUsage, type FlowUsage } from './usage.ts';
import type { FlowHooks } from './flow-hooks.ts';

/** Outcome of a removal. */
export interface RemoveResult {
  removed: InstalledPlugin;
  /** Flows that were disabled because the removal was forced. */
  disabledFlows: Array<{ flowId: string; flowName: string }>;
  /** Destinations that were disabled because the removal was forced. */
  disabledDestinations: DestinationUsage[];
}

/** Plugin management operations. */
export interface PluginManager {
  /**
   * Uninstalls `name@version`. Refused with 409 `plugin_in_use` while a published flow or an enabled destination runs
   * it, unless `force`: then those flows and destinations are disabled with a reason naming the removed plugin.
   */
  remove(name: string, version: string, options: { actor: string; force?: boolean }): Promise<RemoveResult>;
  /**
   * Enables or disables a version; answers the flows whose live graph uses it (they fail at that node while disabled)
   * and the enabled destinations sending through it (their dispatches fail while disabled).
   */
  setEnabled(name: string, version: string, enabled: boolean, options: { actor: string; reason?: string }): Promise<{ plugin: InstalledPlugin; affectedFlows: FlowUsage[]; affectedDestinations: DestinationUsage[] }>;
}

/** Creates the manager. */
export function createPluginManager(deps: { store: Store; cas: ContentStore; changes: ChangeHub; hooks: FlowHooks }): PluginManager {
  const records = deps.store.config<InstalledPlugin>('plugins');
  async function mustGet(name: string, version: string): Promise<InstalledPlugin> {
    const record = await records.get(`${name}@${version}`);
    if (!record) throw userError('plugin_not_installed', `plugin ${name}@${version} is not installed`, 404, { plugin: `${name}@${version}` });
    return record;
  }
  return {
    async remove(name, version, { actor, force = false }) {
      const record = await mustGet(name, version);
      const live = ((await pluginUsage(deps.store)).get(record.id) ?? []).filter((u) => u.liveNodes.length > 0);
      const sending = (await destinationUsage(deps.store)).get(record.id) ?? [];
      if ((live.length > 0 || sending.length > 0) && !force) {
        const users = [
          ...(live.length ? [`published flow(s) ${live.map((u) => `"${u.flowName}"`).join(', ')}`] : []),
          ...(sending.length ? [`enabled destination(s) ${sending.map((d) => `"${d.destinationName}"`).join(', ')}`] : []),
        ];
        throw userError('plugin_in_use',
          `${record.id} is used by ${users.join(' and ')}; upgrade, unpublish or disable them first, or remove with force=true (which disables them)`, 409,
          {
            flows: live.map((u) => ({ flowId: u.flowId, flowName: u.flowName, nodes: u.liveNodes })),
            destinations: sending.map((d) => ({ destinationId: d.destinationId, destinationName: d.destinationName })),
          });
      }
      const reason = `plugin ${record.id} was uninstalled by ${actor}`;
      for (const u of live) await deps.hooks.disableFlow(u.flowId, reason, actor);
      for (const d of sending) await deps.hooks.disableDestination(d.destinationId, reason);
      await records.delete(record.id);
      // The package folder is shared by identical tarballs; delete it only when no record points at it any more.
      if (!(await listInstalled(deps.store)).some((p) => p.integrity === record.integrity)) deps.cas.remove(record.integrity);
      const forced = force && (live.length > 0 || sending.length > 0);
      await audit(deps.store, actor, forced ? 'plugin.remove-forced' : 'plugin.remove', record.id, {
        integrity: record.integrity, disabledFlows: live.map((u) => u.flowId), disabledDestinations: sending.map((d) => d.destinationId),
      });
      deps.changes.emit({ type: 'removed', name, version });
      return { removed: record, disabledFlows: live.map((u) => ({ flowId: u.flowId, flowName: u.flowName })), disabledDestinations: sending };
    },

    async setEnabled(name, version, enabled, { actor, reason }) {
      const record = await mustGet(name, version);
      const updated: InstalledPlugin = { ...record, enabled };
      delete updated.disabledReason;
      if (!enabled) updated.disabledReason = reason?.trim() || `disabled by ${actor}`;
      await records.put(updated);
      await audit(deps.store, actor, enabled ? 'plugin.enable' : 'plugin.disable', record.id, reason ? { reason } : undefined);
      deps.changes.emit({ type: enabled ? 'enabled' : 'disabled', name, version });
      const affectedFlows = ((await pluginUsage(deps.store)).get(record.id) ?? []).filter((u) => u.liveNodes.length > 0);
      const affectedDestinations = (await destinationUsage(deps.store)).get(record.id) ?? [];
      return { plugin: updated, affectedFlows, affectedDestinations };
    },
  };
}
