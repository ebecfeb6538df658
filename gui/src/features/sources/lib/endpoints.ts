/** The ingestion addresses an administrator copies into a site or a webhook sender. */

/** The `/collect` URL for a webhook sending events of `eventType` to source `sourceId`. */
export function collectUrl(origin: string, sourceId: string, eventType = '{eventType}'): string {
  return `${origin.replace(/\/$/, '')}/collect/${encodeURIComponent(eventType).replace('%7BeventType%7D', '{eventType}')}/${encodeURIComponent(sourceId)}`;
}

/** The `/track` URL a server-side integration posts a Tracardi-format payload to. */
export function trackUrl(origin: string): string {
  return `${origin.replace(/\/$/, '')}/track`;
}

/** A fallback tracker snippet, used only when the host has no snippet route to ask. */
export function fallbackSnippet(origin: string, sourceId: string): string {
  const base = origin.replace(/\/$/, '');
  return [
    '<script>',
    `  window.tessera = window.tessera || { q: [], track: function () { window.tessera.q.push(arguments); } };`,
    `  window.tesseraOptions = { tracker: { url: { script: '${base}/tracker/tessera.js', api: '${base}' }, source: { id: '${sourceId}' } } };`,
    '</script>',
    `<script async src="${base}/tracker/tessera.js"></script>`,
  ].join('\n');
}
