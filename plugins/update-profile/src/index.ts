/** `update-profile`: sets, appends to or increments profile traits and PII. */
import { definePlugin } from '@tessera/plugin-sdk';
import { reshape, scopeOf } from '@tessera/plugin-sdk/condition';

/** One change to the profile. */
export interface ProfileOperation {
  field: string;
  op: 'set' | 'append' | 'increment';
  value?: unknown;
}

/** Node configuration. */
export interface UpdateProfileConfig {
  operations: ProfileOperation[];
}

export default definePlugin<UpdateProfileConfig>({
  run(input, ctx) {
    const view = scopeOf(ctx, input.payload);
    for (const { field, op, value } of ctx.config.operations) {
      const v = reshape(value ?? null, view);
      if (op === 'increment') {
        const by = v === null || v === undefined || v === '' ? 1 : Number(v);
        if (!Number.isFinite(by)) throw Object.assign(new Error(`increment ${field}: '${String(v)}' is not a number`), { code: 'invalid_value' });
        ctx.update.profile.increment(field, by);
      } else if (op === 'append') {
        ctx.update.profile.append(field, v ?? null);
      } else {
        if (v === undefined) ctx.update.profile.unset(field);
        else ctx.update.profile.set(field, v);
      }
    }
    return { port: 'payload', payload: input.payload };
  },
});
