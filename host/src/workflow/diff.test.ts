import { describe, expect, it } from 'vitest';
import { diffGraphs, same } from './diff.ts';
import { topologicalOrder, reachableFrom } from './internal/graph.ts';
import { deepMerge, diffDocs } from './engine/internal/merge.ts';
import type { FlowGraph, FlowNode } from './flow.schema.ts';

const n = (id: string, extra: Partial<FlowNode> = {}): FlowNode => ({ id, type: 'plugin', plugin: { name: 'p', version: '1.0.0' }, config: {}, ...extra });
const e = (s: string, t: string) => ({ id: `${s}-${t}`, source: s, sourcePort: 'payload', target: t, targetPort: 'payload' });

describe('graph order', () => {
  it('orders a diamond and keeps the array order among ready nodes', () => {
    const nodes = [n('d'), n('b'), n('a'), n('c')];
    const { order, cyclic } = topologicalOrder(nodes, [e('a', 'b'), e('a', 'c'), e('b', 'd'), e('c', 'd')]);
    expect(cyclic).toEqual([]);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });
  it('reports the nodes on a cycle, not the ones merely downstream of it', () => {
    const { cyclic } = topologicalOrder([n('a'), n('b'), n('c'), n('x')], [e('a', 'b'), e('b', 'c'), e('c', 'b'), e('x', 'a')]);
    expect(cyclic).toEqual(['b', 'c']);
  });
  it('finds what a node reaches', () => {
    expect([...reachableFrom('a', [e('a', 'b'), e('b', 'c'), e('x', 'y')])].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('graph diff', () => {
  it('lists added, removed and changed nodes and edges, ignoring key order', () => {
    const a: FlowGraph = { name: 'f', description: '', nodes: [n('a', { config: { x: 1, y: 2 } }), n('b')], edges: [e('a', 'b')] };
    const b: FlowGraph = { name: 'f2', description: '', nodes: [n('a', { config: { y: 2, x: 1 } }), n('c', { label: 'new' })], edges: [e('a', 'c')] };
    const d = diffGraphs(a, b);
    expect(d.meta).toEqual(['name']);
    expect(d.nodes.added.map((x) => x.id)).toEqual(['c']);
    expect(d.nodes.removed.map((x) => x.id)).toEqual(['b']);
    expect(d.nodes.changed).toEqual([]);
    expect(d.edges.added.map((x) => x.id)).toEqual(['a-c']);
    const c = diffGraphs(a, { ...a, nodes: [n('a', { config: { x: 2, y: 2 }, onError: { policy: 'continue' } }), n('b')] });
    expect(c.nodes.changed.map((x) => [x.id, x.fields])).toEqual([['a', ['config', 'onError']]]);
  });
  it('treats absent and undefined fields alike', () => {
    expect(same({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(same([1, 2], [2, 1])).toBe(false);
  });
});

describe('response merge and profile diff', () => {
  it('deep-merges objects, replaces everything else, and ignores prototype keys', () => {
    const dst: Record<string, unknown> = { a: { x: 1, list: [1] }, keep: true };
    deepMerge(dst, JSON.parse('{"a":{"y":2,"list":[2]},"__proto__":{"polluted":true}}'));
    expect(dst).toEqual({ a: { x: 1, y: 2, list: [2] }, keep: true });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('lists changed leaves with before and after', () => {
    expect(diffDocs({ traits: { a: 1, b: [1] }, pii: {} }, { traits: { a: 2, b: [1], c: 'x' }, pii: {} })).toEqual([
      { path: 'traits.a', before: 1, after: 2 },
      { path: 'traits.c', before: null, after: 'x' },
    ]);
  });
});
