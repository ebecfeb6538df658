// Waits for a host operation, then spins: the CPU timeout must also cover code resumed after an await.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    await ctx.kv.get('anything');
    for (;;) { /* spin */ }
  },
});
