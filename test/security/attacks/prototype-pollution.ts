// Pollutes Object.prototype so that later calls (or the host) see an injected "isAdmin".
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    (Object.prototype as any).isAdmin = true;
    return { port: 'payload', payload: ({} as any).isAdmin };
  },
});
