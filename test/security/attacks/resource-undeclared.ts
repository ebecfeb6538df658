// Reads a credential configured for the node that it did not declare in permissions.resources.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    return { port: 'payload', payload: ctx.resources.billingApiKey };
  },
});
