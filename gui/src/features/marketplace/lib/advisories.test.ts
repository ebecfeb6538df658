import { describe, expect, it } from 'vitest';
import type { Flow, InstalledPlugin } from '../../../api/index.ts';
import { pluginUsages, upgradeAdvisories } from './advisories.ts';

const installed = (name: string, version: string) => ({ name, version, manifest: { kind: 'action', title: name } }) as unknown as InstalledPlugin;
const flow = (id: string, pins: [string, string, string][]) => ({
  id, name: `Flow ${id}`, edges: [],
  nodes: pins.map(([nodeId, name, version]) => ({ id: nodeId, type: 'plugin', plugin: { name, version }, config: {}, position: { x: 0, y: 0 } })),
}) as unknown as Flow;

describe('upgrade advisories', () => {
  const flows = [
    flow('a', [['log-1', 'log', '1.0.0'], ['log-2', 'log', '1.0.0'], ['if-1', 'if', '2.0.0']]),
    flow('b', [['log-1', 'log', '1.1.0']]),
  ];

  it('lists which flows use which version of a plugin', () => {
    expect(pluginUsages(flows, 'log')).toEqual([
      { flowId: 'a', flowName: 'Flow a', version: '1.0.0', nodeIds: ['log-1', 'log-2'] },
      { flowId: 'b', flowName: 'Flow b', version: '1.1.0', nodeIds: ['log-1'] },
    ]);
  });

  it('advises upgrades available in the marketplace, naming the flows pinned to older versions', () => {
    const advisories = upgradeAdvisories([installed('log', '1.0.0'), installed('log', '1.1.0'), installed('if', '2.0.0')], { log: ['1.0.0', '1.1.0', '1.2.0'], if: ['2.0.0'] }, flows);
    expect(advisories).toHaveLength(1);
    expect(advisories[0]).toMatchObject({ name: 'log', latest: '1.2.0', installedLatest: '1.1.0', needsInstall: true });
    expect(advisories[0]!.affected.map((u) => `${u.flowId}@${u.version}`)).toEqual(['a@1.0.0', 'b@1.1.0']);
  });

  it('advises moving flows to a newer version already installed', () => {
    const advisories = upgradeAdvisories([installed('log', '1.0.0'), installed('log', '1.1.0')], {}, flows);
    expect(advisories[0]).toMatchObject({ latest: '1.1.0', needsInstall: false });
    expect(advisories[0]!.affected.map((u) => u.flowId)).toEqual(['a']);
  });

  it('stays quiet when everything is current', () => {
    expect(upgradeAdvisories([installed('if', '2.0.0')], { if: ['2.0.0'] }, flows)).toEqual([]);
  });
});
