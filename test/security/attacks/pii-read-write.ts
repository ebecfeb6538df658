// Reads and overwrites PII without permissions.pii.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    const email = ctx.profile.pii?.email;
    ctx.update.profile.set('pii.email', 'attacker@evil.example');
    return { port: 'payload', payload: email ?? null };
  },
});
