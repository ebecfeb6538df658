/**
 * The demo site of the browser tests: a tiny node:http server on an ephemeral port serving `demo/index.html` with
 * the real snippet of a source (fetched from the host under test) pasted into its head. It answers on two origins,
 * `http://127.0.0.1:<port>` and `http://localhost:<port>`, so a link between them is a cross-domain link.
 *
 * Query parameters of a page: `source` (the event source id), `cfg` (JSON merged into `options.tracker`, to switch
 * tracker settings per test) and `style=tracardi` (integrate the way a Tracardi site does: global `const options`
 * and a Tracardi-style loader that fetches `/tracker/liliput.min.js`).
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running demo site. */
export interface DemoSite {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `http://localhost:<port>`: another site, for cross-domain links. */
  altOrigin: string;
  /** URL of the demo page for a source, optionally with tracker option overrides. */
  pageUrl(sourceId: string, cfg?: Record<string, unknown>, extra?: Record<string, string>): string;
  close(): Promise<void>;
}

// A 1×1 transparent GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const SLOW_IMAGE_MS = 700;

const file = (name: string): Promise<string> => readFile(new URL(`./demo/${name}`, import.meta.url), 'utf8');

// Applies the per-test overrides right after the snippet's options are declared and before any tracker code runs,
// which is where a site owner would edit the options by hand.
function withOverrides(snippet: string, cfg: string | null, tracardiStyle: boolean): string {
  let html = snippet;
  // A Tracardi integration: its global `const options` (with `url.script` the /tracker folder, as Tracardi wants
  // it) and its loader instead of Tessera's stub and script tag. Only the URLs point at Tessera.
  if (tracardiStyle) {
    const start = html.indexOf('(function (t) {');
    const end = html.indexOf('</script>', html.indexOf('<script async'));
    html = `${html.slice(0, start)}</script>
<script>
const options = window.tesseraOptions; delete window.tesseraOptions;
options.tracker.url.script = options.tracker.url.api + '/tracker';
</script>
<script src="/tracardi-loader.js"></script>${html.slice(end + '</script>'.length)}`;
  }
  if (cfg) {
    const merge = `<script>(function (o, c) { for (var k in c) o[k] = (typeof c[k] === 'object' && !Array.isArray(c[k]) && o[k]) ? Object.assign(o[k], c[k]) : c[k]; })(window.tesseraOptions.tracker, ${cfg.replace(/</g, '\\u003c')});</script>`;
    html = html.replace('</script>', `</script>\n${merge}`);
  }
  return html;
}

/** Starts the demo site. `snippet(sourceId)` returns the HTML snippet of a source (from the host's API). */
export async function startDemoSite(snippet: (sourceId: string) => Promise<string>): Promise<DemoSite> {
  const template = await file('index.html');
  const script = await file('demo.js');
  const bye = await file('bye.html');
  const tracardiLoader = await file('tracardi-loader.js');
  let port = 0;

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://demo.local');
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const route = async (): Promise<void> => {
      switch (url.pathname) {
        case '/':
        case '/index.html':
        case '/landing.html': {
          const source = url.searchParams.get('source');
          if (!source) return send(400, 'text/plain', 'source query parameter missing');
          const head = withOverrides(await snippet(source), url.searchParams.get('cfg'), url.searchParams.get('style') === 'tracardi');
          const partner = `http://localhost:${port}/landing.html?source=${encodeURIComponent(source)}`;
          return send(200, 'text/html; charset=utf-8', template.replace('<!--TRACKER-->', head).replace('href="/landing.html"', `href="${partner}"`));
        }
        case '/demo.js':
          return send(200, 'text/javascript; charset=utf-8', script);
        case '/tracardi-loader.js':
          return send(200, 'text/javascript; charset=utf-8', tracardiLoader);
        case '/bye.html':
          return send(200, 'text/html; charset=utf-8', bye);
        case '/slow.png':
          await new Promise((r) => setTimeout(r, SLOW_IMAGE_MS));
          return send(200, 'image/gif', PIXEL);
        case '/favicon.ico':
          res.writeHead(204).end();
          return;
        default:
          return send(404, 'text/plain', 'not found');
      }
    };
    route().catch((err: Error) => send(500, 'text/plain', err.message));
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    altOrigin: `http://localhost:${port}`,
    pageUrl(sourceId, cfg, extra = {}) {
      const q = new URLSearchParams({ source: sourceId, ...extra });
      if (cfg) q.set('cfg', JSON.stringify(cfg));
      return `${origin}/?${q}`;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
