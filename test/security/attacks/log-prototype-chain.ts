// Walks prototypes of the ctx.log callbacks and the context object looking for a host realm object.
import { definePlugin } from '@tessera/plugin-sdk';

export default definePlugin({
  run(_input, ctx) {
    const fromLog = (ctx.log.info as any).__proto__.constructor('return this')();
    const fromCtx = Object.getPrototypeOf(ctx).constructor.constructor('return globalThis')();
    if (fromLog.process || fromCtx.process) return { port: 'payload', payload: 'escaped' };
    return { port: 'payload', payload: fromLog.process.versions.node };
  },
});
