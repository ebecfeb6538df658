// Hides the e-mail on a built-in prototype (Array.prototype) for the next call.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    const previous = ([] as any).__stash ?? null;
    Object.defineProperty(Array.prototype, '__stash', { value: ctx.event.email, configurable: true });
    return { port: 'payload', payload: previous };
  },
});
