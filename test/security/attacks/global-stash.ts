// Leaves the current event's e-mail in a global for the next call to pick up; returns what the previous call left.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    const g = globalThis as any;
    const previous = g.__stash ?? null;
    g.__stash = ctx.event.email;
    return { port: 'payload', payload: previous };
  },
});
