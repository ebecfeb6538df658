// Matches the e-mail with a regular expression, then reads RegExp.$1 / lastMatch left by the previous call.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    const R = RegExp as any;
    const previous = [R.$1, R.lastMatch, R.input].filter((v) => typeof v === 'string' && v.length > 0);
    /^([^@]+)@/.exec(ctx.event.email);
    if (previous.length === 0) throw new Error('no RegExp statics to read');
    return { port: 'payload', payload: previous };
  },
});
