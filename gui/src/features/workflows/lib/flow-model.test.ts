import { describe, expect, it } from 'vitest';
import type { FlowNode, InstalledPlugin } from '../../../api/index.ts';
import { edgeId, edgeProblem, emptyFlowBody, newNodeId, nextFreePosition, parsePluginKey, pluginNode, removeNodes } from './flow-model.ts';

const node = (id: string, type: FlowNode['type'] = 'plugin', x = 0): FlowNode => ({ id, type, config: {}, position: { x, y: 0 } });

describe('flow model', () => {
  it('parses scoped plugin keys', () => {
    expect(parsePluginKey('@tessera/plugin-if@1.2.0')).toEqual({ name: '@tessera/plugin-if', version: '1.2.0' });
    expect(parsePluginKey('nope')).toBeNull();
  });

  it('makes readable, unused node ids', () => {
    expect(newNodeId([node('if-1')], '@tessera/plugin-if')).toBe('if-2');
    expect(newNodeId([], 'my_plugin')).toBe('my-plugin-1');
  });

  it('creates plugin nodes with schema defaults', () => {
    const plugin = { name: '@tessera/plugin-log', version: '1.0.0', manifest: { kind: 'action', title: 'Log', config: { type: 'object', properties: { level: { type: 'string', default: 'info' } } } } } as unknown as InstalledPlugin;
    const n = pluginNode([node('start', 'start')], plugin, { x: 10.4, y: 20.6 });
    expect(n).toMatchObject({ id: 'log-1', type: 'plugin', plugin: { name: '@tessera/plugin-log', version: '1.0.0' }, config: { level: 'info' }, position: { x: 10, y: 21 } });
  });

  it('refuses self-loops, edges into start, duplicates and cycles', () => {
    const flow = { ...emptyFlowBody('f'), nodes: [node('start', 'start'), node('a'), node('b')], edges: [
      { id: 'e1', source: 'start', sourcePort: 'out', target: 'a', targetPort: 'in' },
      { id: 'e2', source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' },
    ] };
    expect(edgeProblem(flow, { source: 'a', sourcePort: 'out', target: 'a', targetPort: 'in' })).toMatch(/itself/);
    expect(edgeProblem(flow, { source: 'a', sourcePort: 'out', target: 'start', targetPort: 'in' })).toMatch(/start/);
    expect(edgeProblem(flow, { source: 'a', sourcePort: 'out', target: 'b', targetPort: 'in' })).toMatch(/already/);
    expect(edgeProblem(flow, { source: 'b', sourcePort: 'out', target: 'a', targetPort: 'in' })).toMatch(/loop/);
    expect(edgeProblem(flow, { source: 'start', sourcePort: 'out', target: 'b', targetPort: 'in' })).toBeNull();
  });

  it('removes nodes with their edges but keeps the start node', () => {
    const flow = { nodes: [node('start', 'start'), node('a')], edges: [{ id: 'e', source: 'start', sourcePort: 'out', target: 'a', targetPort: 'in' }] };
    expect(removeNodes(flow, ['a', 'start'])).toEqual({ nodes: [node('start', 'start')], edges: [] });
  });

  it('places keyboard-added nodes right of the rightmost node', () => {
    expect(nextFreePosition([node('a', 'plugin', 100), node('b', 'plugin', 400)])).toEqual({ x: 660, y: 0 });
    expect(edgeId({ source: 'a', sourcePort: 'true', target: 'b', targetPort: 'in' })).toBe('a.true:b.in');
    expect(edgeId({ source: 'a', sourcePort: 'x y', target: 'b', targetPort: 'in' })).toMatch(/^[A-Za-z0-9_.:-]+$/);
  });
});
