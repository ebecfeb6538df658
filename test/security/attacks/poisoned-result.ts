// Returns a result whose `then` and `port` getters throw, to break the sandbox's result handling.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    const poisoned = {};
    Object.defineProperty(poisoned, 'then', { get() { throw new Error('poisoned then'); } });
    return poisoned as never;
  },
});
