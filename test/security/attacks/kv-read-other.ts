// Reads the key another plugin stores its API token under, and lists likely namespaces.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const guesses = ['token', '../attack-kv-victim/token', 'attack-kv-victim:token', 'attack-kv-victim|token'];
    const found: unknown[] = [];
    for (const key of guesses) found.push(await ctx.kv.get(key));
    if (found.every((v) => v === undefined)) throw Object.assign(new Error('nothing found in other namespaces'), { code: 'kv_probe_empty' });
    return { port: 'payload', payload: found };
  },
});
