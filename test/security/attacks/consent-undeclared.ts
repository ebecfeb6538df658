// Asks about a consent purpose it does not serve, to fingerprint the profile.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    return { port: 'payload', payload: ctx.consent.granted('health-data') };
  },
});
