// Reads cloud instance credentials from the metadata service.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const res = await ctx.fetch('http://169.254.169.254/latest/meta-data/iam/security-credentials/');
    return { port: 'payload', payload: await res.text() };
  },
});
