import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { describe } from 'vitest';
import { engineForTests } from '../../../../test/engines/env.ts';
import { describeStoreContract } from '../contract.ts';
import { openElasticsearchStore } from './index.ts';

const node = await engineForTests('elasticsearch');
const base = `ct-${randomBytes(4).toString('hex')}`;

describe.runIf(node)('elasticsearch adapter', () => {
  describeStoreContract('elasticsearch', () => openElasticsearchStore({ node: node!, base, replicas: 0 }), async () => {
    const client = new Client({ node: node! });
    await client.indices.delete({ index: `${base}.*` }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${base}.*` }).catch(() => undefined);
    await client.close();
  });
});
