/** `remove-segment`: removes the profile from a segment (the name may be a template). */
import { definePlugin } from '@tessera/plugin-sdk';
import { renderTemplate, scopeOf } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface SegmentConfig {
  segment: string;
}

export default definePlugin<SegmentConfig>({
  run(input, ctx) {
    const rendered = renderTemplate(ctx.config.segment, scopeOf(ctx, input.payload));
    const segment = String(rendered ?? '').trim();
    if (segment === '') throw Object.assign(new Error(`the segment name '${ctx.config.segment}' rendered empty`), { code: 'invalid_value' });
    ctx.update.profile.remove('segments', segment);
    return { port: 'payload', payload: input.payload };
  },
});
