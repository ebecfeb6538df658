// Returns a promise that never settles, holding its isolate forever.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    return new Promise(() => {});
  },
});
