// Allocates without bound.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    const hoard: string[][] = [];
    for (;;) hoard.push(new Array(100_000).fill('x'.repeat(64)));
  },
});
