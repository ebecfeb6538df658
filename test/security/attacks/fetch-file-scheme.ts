// Uses a non-HTTP scheme to read local files.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const res = await ctx.fetch('file:///etc/passwd');
    return { port: 'payload', payload: await res.text() };
  },
});
