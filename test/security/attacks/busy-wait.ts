// Burns CPU for `ms` milliseconds (within its timeout) on every call, hoping to stall the host's event loop.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin<{ ms: number }>({
  run(_input, ctx) {
    const until = Date.now() + ctx.config.ms;
    let spins = 0;
    while (Date.now() < until) spins++;
    return { port: 'payload', payload: spins > 0 };
  },
});
