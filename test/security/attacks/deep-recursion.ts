// Recurses until the stack overflows.
import { definePlugin } from '@tessera/plugin-sdk';

function down(n: number): number {
  return down(n + 1) + 1;
}

export default definePlugin({
  run() {
    return { port: 'payload', payload: down(0) };
  },
});
