// Floods the host with key-value reads in one call.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const reads = [];
    for (let i = 0; i < 10_000; i++) reads.push(ctx.kv.get(`k${i}`));
    await Promise.all(reads);
    return { port: 'payload', payload: reads.length };
  },
});
