// Returns at once but leaves a microtask chain that never ends.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    const again = (): Promise<void> => Promise.resolve().then(again);
    void again();
    return { port: 'payload', payload: 'returned' };
  },
});
