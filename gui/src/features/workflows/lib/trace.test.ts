import { describe, expect, it } from 'vitest';
import type { TestRunResult } from '../../../api/index.ts';
import { errorText, logLine, nodeStates, runState, takenEdges } from './trace.ts';

describe('trace painting', () => {
  const result = {
    nodes: [
      { id: 'start', status: 'ok' },
      { id: 'if-1', status: 'ok' },
      { id: 'http-1', status: 'failed', error: { code: 'timeout', kind: 'operational', message: 'took too long' } },
      { id: 'log-2', status: 'handled' },
    ],
    edges: ['start.out->if-1.in', 'if-1.true->http-1.in'],
  } as unknown as TestRunResult;

  it('gives each node a state, unreached nodes skipped', () => {
    expect(nodeStates(result, ['start', 'if-1', 'http-1', 'log-1', 'log-2'])).toEqual({ start: 'ok', 'if-1': 'ok', 'http-1': 'error', 'log-1': 'skipped', 'log-2': 'handled' });
    expect(nodeStates(null, ['a'])).toEqual({});
  });

  it('marks a node failed if any of its runs failed', () => {
    expect(nodeStates({ nodes: [{ id: 'a', status: 'failed' }, { id: 'a', status: 'ok' }] } as unknown as TestRunResult, ['a'])).toEqual({ a: 'error' });
  });

  it('normalises status words and reads taken edges', () => {
    expect(runState('FAILED')).toBe('error');
    expect(runState(undefined)).toBe('idle');
    expect([...takenEdges(result)]).toEqual(['start.out->if-1.in', 'if-1.true->http-1.in']);
  });

  it('renders errors and logs as text', () => {
    expect(errorText({ code: 'timeout', message: 'took too long' })).toBe('timeout: took too long');
    expect(errorText(null)).toBeNull();
    expect(logLine({ level: 'warn', message: 'hm' })).toEqual({ level: 'warn', text: 'hm' });
    expect(logLine('plain')).toEqual({ level: 'info', text: 'plain' });
  });
});
