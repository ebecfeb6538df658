/** `log`: writes a templated message to the node's trace (and the host log); the payload passes through. */
import { definePlugin } from '@tessera/plugin-sdk';
import { renderTemplate, scopeOf } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface LogConfig {
  message: string;
  level: 'info' | 'warn' | 'error';
}

export default definePlugin<LogConfig>({
  run(input, ctx) {
    const rendered = renderTemplate(ctx.config.message, scopeOf(ctx, input.payload));
    const text = typeof rendered === 'string' ? rendered : JSON.stringify(rendered ?? null);
    ctx.log[ctx.config.level ?? 'info'](text);
    return { port: 'payload', payload: input.payload };
  },
});
