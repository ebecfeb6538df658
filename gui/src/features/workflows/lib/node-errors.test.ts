import { describe, expect, it } from 'vitest';
import type { FlowNode } from '../../../api/index.ts';
import { flowProblems, problemCount } from './node-errors.ts';

const nodes = [{ id: 'start' }, { id: 'http-1' }] as FlowNode[];

describe('flow problems', () => {
  it('sorts messages naming a node by node and config field', () => {
    const p = flowProblems([
      { nodeId: 'http-1', path: '/url', message: 'must match format "uri"' },
      { node: 'http-1', field: 'config.method', message: 'must be one of GET, POST' },
      { message: 'the flow has a cycle' },
    ], nodes);
    expect(p.byNode).toEqual({ 'http-1': { url: 'must match format "uri"', method: 'must be one of GET, POST' } });
    expect(p.general).toEqual(['the flow has a cycle']);
    expect(problemCount(p, 'http-1')).toBe(2);
  });

  it("reads the host's invalid_flow answer", () => {
    const p = flowProblems({ fields: [
      { in: 'body', path: 'nodes.1.config.url', node: 'http-1', message: 'must match format "uri" (@tessera/plugin-http-request@1.0.0)' },
      { in: 'body', path: 'nodes.1.plugin', node: 'http-1', message: 'plugin x@1 is not installed' },
      { in: 'body', path: 'nodes', message: 'a flow needs exactly one start node, found 0' },
    ] }, nodes);
    expect(p.byNode['http-1']).toEqual({ url: 'must match format "uri" (@tessera/plugin-http-request@1.0.0)', plugin: 'plugin x@1 is not installed' });
    expect(p.general).toEqual(['nodes: a flow needs exactly one start node, found 0']);
  });

  it('resolves JSON pointers into the node list', () => {
    const p = flowProblems({ errors: [{ instancePath: '/nodes/1/config/url', message: 'required' }, { path: '/edges/0', message: 'unknown port' }] }, nodes);
    expect(p.byNode).toEqual({ 'http-1': { url: 'required' } });
    expect(p.general).toEqual(['edges.0: unknown port']);
  });
});
