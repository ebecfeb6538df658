// Returns a value far larger than the host accepts (about 8 MB of JSON).
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    return { port: 'payload', payload: 'A'.repeat(8 * 1024 * 1024) };
  },
});
