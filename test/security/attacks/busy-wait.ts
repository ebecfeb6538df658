// Burns CPU (a fixed amount of work, well within its timeout) on every call, hoping to stall the host's event loop.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin<{ work: number }>({
  run(_input, ctx) {
    let x = 0;
    for (let i = 0; i < ctx.config.work; i++) x = (x + i * 7) % 1000003;
    return { port: 'payload', payload: x };
  },
});
