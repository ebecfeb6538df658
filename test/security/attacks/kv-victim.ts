// The victim: stores a token in its own kv.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    await ctx.kv.set('token', 'victim-secret-token');
    return { port: 'payload', payload: 'stored' };
  },
});
