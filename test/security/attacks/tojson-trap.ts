// Hides an endless loop in toJSON, which runs while the sandbox serialises the result.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    return { port: 'payload', payload: { toJSON() { for (;;) { /* spin */ } } } };
  },
});
