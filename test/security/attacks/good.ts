// The well-behaved plugin every security test runs after an attack, to prove the host still serves.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(input) {
    return { port: 'payload', payload: { ok: true, echo: input.payload } };
  },
});
