import { describe, expect, it } from 'vitest';
import type { FlowDiff, FlowNode } from '../../../api/index.ts';
import { diffLines } from './diff-summary.ts';

const node = (id: string, version = '1.0.0'): FlowNode => ({ id, type: 'plugin', plugin: { name: '@tessera/plugin-log', version }, config: {} });

describe('diff lines', () => {
  it('lists added, removed and changed nodes and edges, skipping pure moves', () => {
    const d: FlowDiff = {
      meta: ['name'],
      nodes: {
        added: [node('log-2')],
        removed: [{ ...node('log-3'), label: 'Audit' }],
        changed: [
          { id: 'log-1', fields: ['plugin', 'config'], before: node('log-1'), after: node('log-1', '1.1.0') },
          { id: 'log-4', fields: ['position'], before: node('log-4'), after: node('log-4') },
        ],
      },
      edges: { added: [{ id: 'e', source: 'start', sourcePort: 'payload', target: 'log-2', targetPort: 'payload' }], removed: [], changed: [] },
    };
    expect(diffLines(d)).toEqual([
      { kind: 'changed', text: 'flow name' },
      { kind: 'added', text: 'node log-2 — plugin-log@1.0.0' },
      { kind: 'removed', text: 'node Audit (log-3)' },
      { kind: 'changed', text: 'node log-1: plugin, config 1.0.0 → 1.1.0' },
      { kind: 'added', text: 'edge start.payload → log-2.payload' },
    ]);
  });

  it('says nothing for identical graphs', () => {
    expect(diffLines({ meta: [], nodes: { added: [], removed: [], changed: [] }, edges: { added: [], removed: [], changed: [] } })).toEqual([]);
  });
});
