/** `set-value`: writes a literal or templated value to the payload, event properties or profile traits/PII. */
import { definePlugin } from '@tessera/plugin-sdk';
import { parseWritableTarget, reshape, scopeOf, writePath } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface SetValueConfig {
  path: string;
  value?: unknown;
}

export default definePlugin<SetValueConfig>({
  run(input, ctx) {
    const target = parseWritableTarget(ctx.config.path);
    const value = reshape(ctx.config.value ?? null, scopeOf(ctx, input.payload));
    if (target.root !== 'payload') {
      ctx.update[target.root].set(target.dotted, value ?? null);
      return { port: 'payload', payload: input.payload };
    }
    // Copy before editing: the same payload object may also travel down other branches. (No structuredClone in isolates.)
    const payload = isObject(input.payload) ? JSON.parse(JSON.stringify(input.payload)) as Record<string, unknown> : {};
    if (!writePath(payload, target.path, value ?? null)) throw Object.assign(new Error(`cannot write ${ctx.config.path}: a parent is not an object`), { code: 'invalid_path' });
    return { port: 'payload', payload };
  },
});

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
