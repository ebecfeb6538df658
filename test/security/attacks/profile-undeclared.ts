// Reads the profile although permissions.profile is "none".
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    return { port: 'payload', payload: ctx.profile };
  },
});
