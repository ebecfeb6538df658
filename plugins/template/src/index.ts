/** `template`: renders a text template into a payload field. */
import { definePlugin } from '@tessera/plugin-sdk';
import { renderTemplate, scopeOf } from '@tessera/plugin-sdk/condition';

/** Node configuration. */
export interface TemplateConfig {
  template: string;
  field: string;
}

export default definePlugin<TemplateConfig>({
  run(input, ctx) {
    const rendered = renderTemplate(ctx.config.template, scopeOf(ctx, input.payload));
    // A template that is one hole yields the raw value; this plugin promises text.
    const text = typeof rendered === 'string' ? rendered : rendered == null ? '' : typeof rendered === 'object' ? JSON.stringify(rendered) : String(rendered);
    const base = typeof input.payload === 'object' && input.payload !== null && !Array.isArray(input.payload) ? input.payload : {};
    return { port: 'payload', payload: { ...base, [ctx.config.field ?? 'text']: text } };
  },
});
