import { describe, expect, it } from 'vitest';
import type { Submission } from '../writer/protocol.ts';
import { decodeSubmissions, encodeSubmissions } from './write-ops-codec.ts';
import type { WriteOp } from './write-ops.ts';

describe('write operation codec (main thread -> writer thread)', () => {
  it('gives the writer exactly the operations that were submitted, of every kind, in order', () => {
    const doc = JSON.stringify({ id: 'é-1', name: 'Zoë 🚀 ünïcödé', nested: { a: [1, 2, null], quote: '"\\' } });
    const items: Submission[] = [
      { seq: 0, ops: [
        { op: 'put', table: 'profiles', id: 'p-1', json: doc, aliases: ['p-1', 'Ω-alias', ''], created: true },
        { op: 'put', table: 'events', id: 'e-1', json: '{}', pair: ['s-1', ''] },
        { op: 'put', table: 'sessions', id: 's-1', json: '{}', created: false },
        { op: 'delete', table: 'sessions', id: 's-1' },
      ] satisfies WriteOp[] },
      { seq: 7, ops: [] },
      { seq: 4_000_000_000, ops: [
        { op: 'put-config', kind: 'sources', id: 'src', json: '{"id":"src"}' },
        { op: 'delete-config', kind: 'flows', id: 'f' },
        { op: 'kv-set', namespace: 'ns', key: 'k', json: '"v"', expiresAt: null },
        { op: 'kv-set', namespace: 'ns', key: 'k2', json: '1', expiresAt: 1_790_000_000_123 },
        { op: 'kv-delete', namespace: 'ns', key: 'k', now: 1.5 },
        { op: 'kv-sweep', now: -0 },
        { op: 'outbox-put', id: 'job-1', json: '{"name":"dispatch"}', createdAt: Date.now() },
        { op: 'outbox-delete', ids: ['job-1', 'job-2'] },
        { op: 'outbox-delete', ids: [] },
      ] satisfies WriteOp[] },
    ];
    // The buffer is transferred in real use: decode a copy that shares nothing with the input.
    const decoded = decodeSubmissions(structuredClone(encodeSubmissions(items)));
    expect(decoded).toEqual(items);
  });

  it('encodes ids like SQLite stores them: a lone surrogate becomes U+FFFD', () => {
    const [item] = decodeSubmissions(encodeSubmissions([{ seq: 1, ops: [{ op: 'delete', table: 'events', id: 'a\ud800b' }] }]));
    expect((item!.ops[0] as { id: string }).id).toBe('a\ufffdb');
  });

  it('refuses an operation it does not know (the writer then clones that group instead)', () => {
    expect(() => encodeSubmissions([{ seq: 1, ops: [{ op: 'drop-everything' }] }])).toThrow(/unknown write operation/);
  });
});
