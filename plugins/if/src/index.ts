/** `if`: routes the payload to `true` or `false` by evaluating a condition inside the sandbox. */
import { definePlugin } from '@tessera/plugin-sdk';
import { evaluateCondition, scopeOf } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface IfConfig {
  condition: string;
}

export default definePlugin<IfConfig>({
  run(input, ctx) {
    const matched = evaluateCondition(ctx.config.condition, scopeOf(ctx, input.payload));
    return { port: matched ? 'true' : 'false', payload: input.payload };
  },
});
