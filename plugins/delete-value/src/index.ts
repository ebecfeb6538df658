/** `delete-value`: removes a value from the payload, event properties or profile traits/PII. */
import { definePlugin } from '@tessera/plugin-sdk';
import { deletePath, parseWritableTarget } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface DeleteValueConfig {
  path: string;
}

export default definePlugin<DeleteValueConfig>({
  run(input, ctx) {
    const target = parseWritableTarget(ctx.config.path);
    if (target.root !== 'payload') {
      ctx.update[target.root].unset(target.dotted);
      return { port: 'payload', payload: input.payload };
    }
    if (typeof input.payload !== 'object' || input.payload === null) return { port: 'payload', payload: input.payload };
    const payload = JSON.parse(JSON.stringify(input.payload)) as Record<string, unknown>;
    deletePath(payload, target.path);
    return { port: 'payload', payload };
  },
});
