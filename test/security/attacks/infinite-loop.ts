// Spins forever.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    let i = 0;
    for (;;) i++;
  },
});
