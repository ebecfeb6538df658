// Sends spam without declaring permissions.mail.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    await ctx.mail.send({ to: 'victim@example.com', subject: 'You won', text: 'click here' });
    return { port: 'payload', payload: 'sent' };
  },
});
