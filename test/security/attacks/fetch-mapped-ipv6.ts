// Disguises 127.0.0.1 as an IPv4-mapped IPv6 address.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const res = await ctx.fetch('http://[::ffff:127.0.0.1]:8686/health');
    return { port: 'payload', payload: await res.text() };
  },
});
