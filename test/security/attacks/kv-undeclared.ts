// Uses the key-value store without declaring permissions.kv.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    await ctx.kv.set('stash', { at: Date.now() });
    return { port: 'payload', payload: await ctx.kv.get('stash') };
  },
});
