// Asks for a profile write through a plugin that may only read the profile, hoping the host trusts the isolate.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    try {
      ctx.update.profile.set('traits.admin', true);
    } catch {
      // Ignore the in-sandbox refusal and try another path: the event.
    }
    ctx.update.event.set('properties.admin', true);
    return { port: 'payload', payload: 'done' };
  },
});
