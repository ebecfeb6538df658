/**
 * The store's submissions as one binary buffer, TRANSFERRED to the writer thread instead of structured-cloned.
 * Cloning a group cost the event loop a visit of every operation object and a copy of every document (about 4% of a
 * /track request's main-thread time); writing the same strings into one buffer is a fraction of that, and the
 * transfer itself copies nothing. The writer thread decodes the buffer back into the same operations.
 *
 * Layout (little-endian): u32 submissions; per submission u32 seq, u32 ops; per operation u8 kind (index in KINDS),
 * then its fields in FIELDS order, each a u8 tag and its value: 0 undefined, 1 null, 2 string (u32 byte length, UTF-8),
 * 3 number (f64), 4 string list (u32 count, strings as in tag 2), 5 true, 6 false.
 */
import type { Submission } from '../writer/protocol.ts';
import type { WriteOp } from './write-ops.ts';

const KINDS = ['put', 'delete', 'put-config', 'delete-config', 'kv-set', 'kv-delete', 'kv-sweep', 'outbox-put', 'outbox-delete'] as const;
type Kind = WriteOp['op'];

type Fields = readonly unknown[];
/**
 * Builds each kind's operation from its decoded fields. One object literal per kind gives every operation of a kind
 * one shape, so the code reading them on the writer thread stays monomorphic; assigning the decoded fields by name
 * made those stores megamorphic (about 3 % of the writer thread in a profile under /track load). The order in which a
 * builder reads its fields is the order they are encoded in (FIELDS).
 */
const BUILD: Readonly<Record<Kind, (f: Fields) => unknown>> = {
  put: (f) => ({ op: 'put', table: f[0], id: f[1], json: f[2], aliases: f[3], created: f[4], pair: f[5] }),
  delete: (f) => ({ op: 'delete', table: f[0], id: f[1] }),
  'put-config': (f) => ({ op: 'put-config', kind: f[0], id: f[1], json: f[2] }),
  'delete-config': (f) => ({ op: 'delete-config', kind: f[0], id: f[1] }),
  'kv-set': (f) => ({ op: 'kv-set', namespace: f[0], key: f[1], json: f[2], expiresAt: f[3] }),
  'kv-delete': (f) => ({ op: 'kv-delete', namespace: f[0], key: f[1], now: f[2] }),
  'kv-sweep': (f) => ({ op: 'kv-sweep', now: f[0] }),
  'outbox-put': (f) => ({ op: 'outbox-put', id: f[0], json: f[1], createdAt: f[2] }),
  'outbox-delete': (f) => ({ op: 'outbox-delete', ids: f[0] }),
};

/** The fields of an operation kind in encoding order, read off its builder (which takes field i from f[i]). */
function fieldsOf(kind: Kind): readonly string[] {
  const probe = BUILD[kind](Array.from({ length: 32 }, (_, i) => i)) as Record<string, unknown>;
  return Object.keys(probe).filter((name) => name !== 'op').sort((a, b) => (probe[a] as number) - (probe[b] as number));
}
const FIELDS = Object.fromEntries(KINDS.map((k) => [k, fieldsOf(k)])) as Readonly<Record<Kind, readonly string[]>>;
const KIND_INDEX = new Map<string, number>(KINDS.map((k, i) => [k, i]));
const FIELDS_BY_INDEX = KINDS.map((k) => FIELDS[k]);
const BUILD_BY_INDEX = KINDS.map((k) => BUILD[k]);

/** Upper bound of the encoded size of one value (a UTF-16 unit is at most 3 UTF-8 bytes). */
function bound(value: unknown): number {
  if (typeof value === 'string') return 5 + value.length * 3;
  if (Array.isArray(value)) return value.reduce((n: number, s: string) => n + 4 + s.length * 3, 5);
  return 9;
}

/** Encodes submissions of store operations into a buffer to transfer to the writer thread. */
export function encodeSubmissions(items: readonly Submission[]): ArrayBuffer {
  let size = 4;
  for (const item of items) {
    size += 8;
    for (const op of item.ops as readonly WriteOp[]) {
      size += 1;
      const fields = FIELDS[op.op];
      if (!fields) throw new Error(`unknown write operation ${(op as { op: string }).op}`);
      for (const f of fields) size += bound((op as Record<string, unknown>)[f]);
    }
  }
  // Not pooled, not zeroed: the buffer is transferred (detached) right after, and only written bytes are read.
  const buf = Buffer.allocUnsafeSlow(size);
  let at = buf.writeUInt32LE(items.length, 0);
  const string = (s: string): void => {
    const n = buf.write(s, at + 4);
    buf.writeUInt32LE(n, at);
    at += 4 + n;
  };
  for (const item of items) {
    at = buf.writeUInt32LE(item.seq, at);
    at = buf.writeUInt32LE(item.ops.length, at);
    for (const op of item.ops as readonly WriteOp[]) {
      buf[at++] = KIND_INDEX.get(op.op)!;
      for (const f of FIELDS[op.op]) {
        const value = (op as Record<string, unknown>)[f];
        if (value === undefined) buf[at++] = 0;
        else if (value === null) buf[at++] = 1;
        else if (typeof value === 'string') {
          buf[at++] = 2;
          string(value);
        } else if (typeof value === 'number') {
          buf[at++] = 3;
          at = buf.writeDoubleLE(value, at);
        } else if (Array.isArray(value)) {
          buf[at++] = 4;
          at = buf.writeUInt32LE(value.length, at);
          for (const s of value as string[]) string(String(s));
        } else if (typeof value === 'boolean') buf[at++] = value ? 5 : 6;
        else throw new Error(`write operation ${op.op}: field ${f} cannot be encoded`);
      }
    }
  }
  return buf.buffer as ArrayBuffer;
}

/** Decodes what {@link encodeSubmissions} wrote (on the writer thread). */
export function decodeSubmissions(data: ArrayBuffer): Submission[] {
  const buf = Buffer.from(data);
  let at = 0;
  const u32 = (): number => {
    const v = buf.readUInt32LE(at);
    at += 4;
    return v;
  };
  const string = (): string => {
    const n = u32();
    const s = buf.toString('utf8', at, at + n);
    at += n;
    return s;
  };
  const items: Submission[] = new Array(u32());
  const fields: unknown[] = [];
  for (let i = 0; i < items.length; i++) {
    const seq = u32();
    const ops: unknown[] = new Array(u32());
    for (let j = 0; j < ops.length; j++) {
      const kind = buf[at++]!;
      const names = FIELDS_BY_INDEX[kind]!;
      for (let k = 0; k < names.length; k++) {
        const tag = buf[at++];
        if (tag === 0) fields[k] = undefined;
        else if (tag === 1) fields[k] = null;
        else if (tag === 2) fields[k] = string();
        else if (tag === 3) {
          fields[k] = buf.readDoubleLE(at);
          at += 8;
        } else if (tag === 4) {
          const list: string[] = new Array(u32());
          for (let n = 0; n < list.length; n++) list[n] = string();
          fields[k] = list;
        } else fields[k] = tag === 5;
      }
      ops[j] = BUILD_BY_INDEX[kind]!(fields);
    }
    items[i] = { seq, ops };
  }
  return items;
}
