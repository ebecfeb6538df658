/**
 * `create-response`: adds data to the `/track` answer. The engine deep-merges whatever arrives on the `respond`
 * port into the flow's response; the input payload continues unchanged on `payload`.
 */
import { definePlugin } from '@tessera/plugin-sdk';
import { reshape, scopeOf } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface CreateResponseConfig {
  key?: string;
  body: Record<string, unknown>;
}

export default definePlugin<CreateResponseConfig>({
  run(input, ctx) {
    const body = reshape(ctx.config.body, scopeOf(ctx, input.payload));
    const response = ctx.config.key ? { [ctx.config.key]: body } : body;
    return [{ port: 'respond', payload: response }, { port: 'payload', payload: input.payload }];
  },
});
