/** Cleaning up after a scale-mode suite: each suite writes under its own index prefix, dropped at the end. */
import { Client } from '@elastic/elasticsearch';

/** Deletes the indices and index templates named `<prefix>.*` on the Elasticsearch at `url`; absent ones are fine. */
export async function dropIndices(url: string, prefix: string): Promise<void> {
  const client = new Client({ node: url });
  try {
    await client.indices.delete({ index: `${prefix}.*` }).catch(() => undefined);
    await client.indices.deleteIndexTemplate({ name: `${prefix}.*` }).catch(() => undefined);
  } finally {
    await client.close();
  }
}
