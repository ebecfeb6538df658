/**
 * Plugin key-value state on Elasticsearch: one document per (namespace, key), read in real time by id. Expired
 * entries read as absent and are deleted when next touched.
 */
import { createHash } from 'node:crypto';
import type { KvStore } from '../port.ts';
import { userError } from '../../errors/index.ts';
import type { EsContext } from './collection.ts';
import { esStatus, toStorageError } from './internal/errors.ts';

interface KvDoc {
  namespace: string;
  key: string;
  json: string;
  expiresAt: number | null;
}

/** The key-value store over one index alias. */
export class EsKvStore implements KvStore {
  readonly #ctx: EsContext;
  readonly #alias: string;

  constructor(ctx: EsContext, alias: string) {
    this.#ctx = ctx;
    this.#alias = alias;
  }

  /** A document id from namespace and key; long pairs are hashed to stay under Elasticsearch's 512-byte id limit. */
  #id(namespace: string, key: string): string {
    if (typeof namespace !== 'string' || typeof key !== 'string' || namespace === '' || key === '') {
      throw userError('invalid_kv_key', 'kv namespace and key must be non-empty strings', 400, { field: namespace === '' ? 'namespace' : 'key' });
    }
    const plain = `${namespace.length}:${namespace}:${key}`;
    return Buffer.byteLength(plain) <= 400 ? plain : `sha256:${createHash('sha256').update(plain).digest('hex')}`;
  }

  async #read(id: string): Promise<KvDoc | null> {
    try {
      const { body } = await this.#ctx.client.get({ index: this.#alias, id });
      return (body as { _source: KvDoc })._source;
    } catch (error) {
      if (esStatus(error) === 404) return null;
      throw toStorageError(error, 'reading key-value state');
    }
  }

  async get(namespace: string, key: string): Promise<unknown> {
    const id = this.#id(namespace, key);
    const doc = await this.#read(id);
    if (!doc) return undefined;
    if (doc.expiresAt !== null && doc.expiresAt <= Date.now()) {
      await this.#ctx.writer.submit([{ action: 'delete', index: this.#alias, id, collection: 'kv' }]);
      return undefined;
    }
    return JSON.parse(doc.json) as unknown;
  }

  async set(namespace: string, key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const id = this.#id(namespace, key);
    if (value === undefined) throw userError('invalid_kv_value', 'kv value must be JSON (not undefined)', 400, { field: 'value' });
    if (ttlSeconds !== undefined && !(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
      throw userError('invalid_kv_ttl', 'ttlSeconds must be a positive number', 400, { field: 'ttlSeconds' });
    }
    const doc: KvDoc = { namespace, key, json: JSON.stringify(value), expiresAt: ttlSeconds === undefined ? null : Date.now() + ttlSeconds * 1000 };
    await this.#ctx.writer.submit([{ action: 'index', index: this.#alias, id, doc: doc as unknown as Record<string, unknown>, collection: 'kv' }]);
  }

  async delete(namespace: string, key: string): Promise<boolean> {
    const id = this.#id(namespace, key);
    return this.#ctx.writer.hold(async () => {
      const doc = await this.#read(id);
      if (!doc) return false;
      const [result] = await this.#ctx.writer.submit([{ action: 'delete', index: this.#alias, id, collection: 'kv' }]);
      // An expired entry was already gone as far as readers could tell.
      return (result?.found ?? false) && (doc.expiresAt === null || doc.expiresAt > Date.now());
    });
  }
}
