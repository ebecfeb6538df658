/**
 * `--storage sqlite|elasticsearch` for the track benchmark. Elasticsearch runs the host in scale mode against the
 * test engines (test/engines/start.sh), on indices with a unique prefix that are deleted afterwards.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { engineUrl } from '../../engines/env.ts';

/** Host environment and label for the chosen storage, and how to clean up after the run. */
export interface StorageChoice {
  label: string;
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

/** Parses `--storage <kind>` (default sqlite). */
export async function scaleModeEnv(argv: readonly string[]): Promise<StorageChoice> {
  const i = argv.indexOf('--storage');
  const kind = i >= 0 ? argv[i + 1] : 'sqlite';
  if (kind === 'sqlite' || kind === undefined) return { label: 'SQLite', env: {}, cleanup: async () => undefined };
  if (kind !== 'elasticsearch') throw new Error(`--storage must be sqlite or elasticsearch, got "${kind}"`);
  const elastic = engineUrl('elasticsearch');
  if (!elastic) throw new Error('--storage elasticsearch needs ELASTIC_HOST (start the engines with test/engines/start.sh)');
  const redis = engineUrl('redis');
  const base = `bench-${randomBytes(4).toString('hex')}`;
  return {
    label: `Elasticsearch${redis ? ' + Redis' : ''}`,
    env: { STORAGE: 'elasticsearch', ELASTIC_HOST: elastic, ELASTIC_INDEX_PREFIX: base, ELASTIC_INDEX_REPLICAS: '0', ...(redis ? { REDIS_HOST: redis } : {}) },
    async cleanup() {
      const client = new Client({ node: elastic });
      await client.indices.delete({ index: `${base}.*` }).catch(() => undefined);
      await client.indices.deleteIndexTemplate({ name: `${base}.*` }).catch(() => undefined);
      await client.close();
    },
  };
}
