/** `copy-value`: copies a value from any path to the payload, event properties or profile traits/PII. */
import { definePlugin } from '@tessera/plugin-sdk';
import { parsePath, parseWritableTarget, readPath, scopeOf, writePath } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface CopyValueConfig {
  from: string;
  to: string;
}

export default definePlugin<CopyValueConfig>({
  run(input, ctx) {
    const from = parsePath(ctx.config.from);
    const to = parseWritableTarget(ctx.config.to);
    const roots = scopeOf(ctx, input.payload);
    const value = readPath(roots[from.source], from.path);
    if (value === undefined) {
      ctx.log.warn(`${ctx.config.from} is missing; nothing copied`);
      return { port: 'payload', payload: input.payload };
    }
    if (to.root !== 'payload') {
      ctx.update[to.root].set(to.dotted, value);
      return { port: 'payload', payload: input.payload };
    }
    const payload = typeof input.payload === 'object' && input.payload !== null && !Array.isArray(input.payload)
      ? JSON.parse(JSON.stringify(input.payload)) as Record<string, unknown> : {};
    if (!writePath(payload, to.path, JSON.parse(JSON.stringify(value)))) throw Object.assign(new Error(`cannot write ${ctx.config.to}: a parent is not an object`), { code: 'invalid_path' });
    return { port: 'payload', payload };
  },
});
