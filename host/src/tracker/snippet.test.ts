import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { renderSnippet } from './snippet.ts';

function inlineScript(html: string): string {
  const m = /<script>([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no inline script in snippet');
  return m[1];
}

describe('renderSnippet', () => {
  it('fills in the API URL and source id, and its stub queues calls for the tracker to replay', () => {
    const html = renderSnippet({ apiUrl: 'https://cdp.example.com/', sourceId: 'web-shop' });
    expect(html).toContain('<script async src="https://cdp.example.com/tracker/tessera.js"></script>');
    const window: Record<string, any> = {};
    runInNewContext(inlineScript(html), { window });
    expect(window.tesseraOptions.tracker.url.api).toBe('https://cdp.example.com');
    expect(window.tesseraOptions.tracker.source.id).toBe('web-shop');
    expect(window.tesseraOptions.tracker.settings.respectDoNotTrack).toBe(true);
    window.tracker.track('purchase', { total: 3 }, { fire: true });
    window.tracker.consent(true);
    expect(window.tracker.q).toEqual([['track', ['purchase', { total: 3 }, { fire: true }]], ['consent', [true]]]);
  });

  it('keeps a hostile source id inside the script as data', () => {
    const id = '</script><script>alert(1)</script><!--';
    const html = renderSnippet({ apiUrl: 'http://localhost:8686', sourceId: id });
    expect(html.match(/<script/g)).toHaveLength(2);
    const window: Record<string, any> = {};
    runInNewContext(inlineScript(html), { window });
    expect(window.tesseraOptions.tracker.source.id).toBe(id);
  });
});
