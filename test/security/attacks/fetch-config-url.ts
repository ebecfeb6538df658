// Fetches whatever URL its configuration names (loopback, a name resolving to loopback, a redirecting endpoint…).
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin<{ url: string }>({
  async run(_input, ctx) {
    const res = await ctx.fetch(ctx.config.url);
    return { port: 'payload', payload: { status: res.status, body: await res.text() } };
  },
});
