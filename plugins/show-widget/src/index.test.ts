import { afterAll, describe, expect, it } from 'vitest';
import { createHarness } from '@tessera/plugin-sdk/testing';

const h = createHarness();
afterAll(() => h.close());
const dir = new URL('..', import.meta.url);
const world = {
  profile: { id: 'p1', traits: { name: 'Ada', plan: 'pro' }, pii: { email: 'ada@example.com' } },
  event: { id: 'e1', type: 'page-view', properties: { path: '/pricing' } },
  session: {},
};

describe('show-widget plugin in the sandbox', () => {
  it('sends a consent bar out of `ux` with its templates rendered, and passes the payload on', async () => {
    const config = {
      type: 'consent-bar', id: 'cookies', text: 'Hi {{profile@traits.name}}, may we measure visits to {{event@properties.path}}?',
      buttons: [
        { label: 'Allow', primary: true, event: { type: 'consent-given', properties: { analytics: true, page: '{{event@properties.path}}' } } },
        { label: 'Refuse', event: { type: 'consent-given', properties: { analytics: false } } },
      ],
    };
    const r = await h.run({ dir, ...world, config, input: { payload: { a: 1 } } });
    expect(r.error).toBeUndefined();
    expect(r.results).toEqual([
      {
        port: 'ux',
        payload: {
          type: 'consent-bar', id: 'cookies', text: 'Hi Ada, may we measure visits to /pricing?',
          buttons: [
            { label: 'Allow', primary: true, event: { type: 'consent-given', properties: { analytics: true, page: '/pricing' } } },
            { label: 'Refuse', event: { type: 'consent-given', properties: { analytics: false } } },
          ],
        },
      },
      { port: 'payload', payload: { a: 1 } },
    ]);
  });

  it('cuts long rendered texts to the widget limits, turns non-text values into text, and never reads PII', async () => {
    const config = {
      type: 'cta', title: '{{payload@title}}', text: '{{payload@count}} {{profile@pii.email}}', position: 'bottom-right',
      buttons: [{ label: '{{payload@title}}', url: 'https://shop.example/offer?plan={{profile@traits.plan}}' }],
    };
    const r = await h.run({ dir, ...world, config, input: { payload: { title: 'x'.repeat(300), count: 3 } } });
    const widget = r.results[0]!.payload as Record<string, any>;
    expect(Array.from(widget.title as string)).toHaveLength(120);
    expect(widget.buttons[0].label).toHaveLength(60);
    expect(widget.buttons[0].url).toBe('https://shop.example/offer?plan=pro');
    expect(widget.text).toBe('3 ');
    expect(widget.position).toBe('bottom-right');
  });

  it('validates its configuration against its JSON Schema, naming the field', async () => {
    const bad = [
      { type: 'banner', text: 'x', buttons: [] },
      { type: 'cta', text: 'x', buttons: [{ label: 'Go', url: 'javascript:alert(1)' }] },
      { type: 'popup', text: 'x', buttons: [{ label: 'Go', event: { type: '<script>' } }] },
      { type: 'popup', text: 'x', buttons: [1, 2, 3, 4, 5].map((n) => ({ label: `b${n}` })) },
    ];
    const paths = [];
    for (const config of bad) {
      const r = await h.run({ dir, ...world, config });
      expect(r.error?.code).toBe('invalid_config');
      paths.push((r.error?.details as { errors: Array<{ path: string }> }).errors[0]!.path);
    }
    expect(paths).toEqual(['type', 'buttons.0.url', 'buttons.0.event.type', 'buttons']);
  });
});
