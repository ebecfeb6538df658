// Tries to reach Node's `process` to exit the host or read its environment.
import { definePlugin } from '@tessera/plugin-sdk';

declare const process: { env: Record<string, string>; exit(code: number): never };

export default definePlugin({
  run() {
    const secret = process.env.TESSERA_SECRET;
    process.exit(1);
    return { port: 'payload', payload: secret };
  },
});
