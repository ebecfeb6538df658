// Looks for Node/browser globals a sandbox should not have: Buffer, setTimeout, global fetch, globalThis.global.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    const g = globalThis as any;
    const found = ['process', 'require', 'module', 'Buffer', 'setTimeout', 'setImmediate', 'fetch', 'global', 'WebAssembly', 'SharedArrayBuffer', 'Atomics']
      .filter((name) => typeof g[name] !== 'undefined');
    if (found.length === 0) throw new Error('no host globals reachable');
    return { port: 'payload', payload: found };
  },
});
