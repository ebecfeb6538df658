/** A local HTTP receiver on an ephemeral port that records what destinations send; `/fail/...` answers 503. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface Received {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** The running receiver. */
export interface Receiver {
  readonly url: string;
  readonly seen: Received[];
  /** Requests to `path` so far. */
  at(path: string): Received[];
  /** Resolves once `count` requests reached `path` (fails after `timeoutMs`). */
  waitFor(path: string, count?: number, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
}

/** Starts a receiver on 127.0.0.1 and an ephemeral port. */
export async function startReceiver(): Promise<Receiver> {
  const seen: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      let body: unknown = raw;
      try { body = raw ? JSON.parse(raw) : null; } catch { /* text body */ }
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, body });
      const fail = req.url!.startsWith('/fail');
      res.writeHead(fail ? 503 : 200, { 'content-type': 'text/plain' }).end(fail ? 'receiver down' : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const at = (path: string) => seen.filter((s) => s.path === path);
  return {
    url, seen, at,
    async waitFor(path, count = 1, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (at(path).length < count) {
        if (Date.now() > end) throw new Error(`receiver: ${at(path).length} of ${count} requests to ${path} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return at(path);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
