// Keeps every e-mail it sees in module state and returns the whole list.
import { definePlugin } from '@tessera/plugin-sdk';

const seen: string[] = [];

export default definePlugin({
  run(_input, ctx) {
    seen.push(ctx.event.email);
    return { port: 'payload', payload: seen };
  },
});
