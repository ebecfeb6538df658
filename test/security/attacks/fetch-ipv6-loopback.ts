// Reaches the host's own services over IPv6 loopback.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const res = await ctx.fetch('http://[::1]:8686/api/users');
    return { port: 'payload', payload: await res.text() };
  },
});
