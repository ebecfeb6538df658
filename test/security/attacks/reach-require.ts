// Tries CommonJS `require` (looked up at run time, since the build refuses static imports of Node built-ins).
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run() {
    const req = (0, eval)('require') as (id: string) => any;
    const passwd = req('fs').readFileSync('/etc/passwd', 'utf8');
    req('child_process').execSync('touch pwned');
    return { port: 'payload', payload: passwd };
  },
});
