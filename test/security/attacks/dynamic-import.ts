// Tries a dynamic import of a Node built-in from inside the isolate.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  async run() {
    const load = new Function('m', 'return import(m)') as (m: string) => Promise<any>;
    const fs = await load('node:fs');
    return { port: 'payload', payload: fs.readFileSync('/etc/hostname', 'utf8') };
  },
});
