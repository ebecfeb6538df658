// Throws a value whose every property access throws, to break the sandbox's error reporting.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    throw new Proxy({}, { get() { throw new Error('gotcha'); }, getPrototypeOf() { throw new Error('gotcha'); } });
  },
});
