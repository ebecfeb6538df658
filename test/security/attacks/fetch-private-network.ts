// Probes an internal service on the private 10/8 network.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const res = await ctx.fetch('http://10.0.0.1:9200/_cat/indices', { timeoutMs: 500 });
    return { port: 'payload', payload: await res.text() };
  },
});
