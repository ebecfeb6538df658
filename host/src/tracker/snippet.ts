/**
 * The HTML a site pastes to integrate one event source. The options object has Tracardi's shape, so the same keys
 * (`tracker.context`, `tracker.settings`, `listeners`) that Tracardi documents can be edited in place.
 */

/** What the snippet is generated from. `apiUrl` is the public base URL of the collector (no trailing slash). */
export interface SnippetInput {
  apiUrl: string;
  sourceId: string;
}

// JSON is valid JavaScript, but inside <script> a "</script>" or "<!--" in a value would end the element; escaping
// every "<" (and the two line separators JavaScript treats as newlines) makes any string safe there.
function jsLiteral(value: unknown): string {
  return JSON.stringify(value, null, 2)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Renders the snippet for one source. */
export function renderSnippet({ apiUrl, sourceId }: SnippetInput): string {
  const api = apiUrl.replace(/\/+$/, '');
  const script = `${api}/tracker/tessera.js`;
  const options = {
    tracker: {
      url: { script, api },
      source: { id: sourceId },
      context: { browser: true, screen: true, page: true, storage: false, cookies: false, performance: false, utm: true, tracardiPass: true },
      settings: { trackExternalLinks: [], respectDoNotTrack: true, requireConsent: false },
      auto: { events: [['page-view', {}]] },
    },
  };
  return [
    '<!-- Tessera tracker -->',
    '<script>',
    `window.tesseraOptions = ${jsLiteral(options)};`,
    '// Calls made before tessera.js has loaded are queued and replayed by it.',
    '(function (t) {',
    '  t.q = t.q || [];',
    '  ["track", "consent", "onReady"].forEach(function (m) {',
    '    t[m] = t[m] || function () { t.q.push([m, [].slice.call(arguments)]); };',
    '  });',
    '})(window.tracker = window.tracker || {});',
    '</script>',
    `<script async src="${attr(script)}"></script>`,
    '',
  ].join('\n');
}
