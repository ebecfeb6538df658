// Installs Error.prepareStackTrace to capture structured call sites (and the host frames that might be among them).
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    (Error as any).prepareStackTrace = (_e: unknown, sites: any[]) => sites.map((s) => s.getThis());
    const frames = (new Error('probe') as any).stack;
    return { port: 'payload', payload: String(frames) };
  },
});
