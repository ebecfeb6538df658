/** Starting Verdaccio in this process with Tessera's configuration (see index.ts for the policy). */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runServer } from 'verdaccio';
import { ensureHtpasswd } from './users.ts';

/** Options of {@link startEmbeddedRegistry}. */
export interface EmbeddedRegistryOptions {
  /** The installation's data folder; the registry keeps `<dataDir>/registry/{storage,htpasswd}`. */
  dataDir: string;
  /** Port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind; default 127.0.0.1 (set `0.0.0.0` to let developers on other machines publish). */
  host?: string;
  /** Upstream registries by name, e.g. `{ npmjs: 'https://registry.npmjs.org/' }`; none by default. */
  uplinks?: Record<string, string>;
  /** Verdaccio's own log level (default `warn`). */
  logLevel?: 'fatal' | 'error' | 'warn' | 'info' | 'http' | 'debug' | 'trace';
}

/** A running embedded registry. */
export interface EmbeddedRegistry {
  /** Base URL, e.g. `http://127.0.0.1:4873`. */
  url: string;
  port: number;
  storageDir: string;
  htpasswdFile: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts Verdaccio in this process. */
export async function startEmbeddedRegistry(options: EmbeddedRegistryOptions): Promise<EmbeddedRegistry> {
  const root = join(options.dataDir, 'registry');
  const storageDir = join(root, 'storage');
  const htpasswdFile = join(root, 'htpasswd');
  mkdirSync(storageDir, { recursive: true });
  ensureHtpasswd(htpasswdFile);
  const uplinks = options.uplinks ?? {};
  const proxy = Object.keys(uplinks);
  const rule = { access: '$all', publish: '$authenticated', unpublish: '$authenticated', ...(proxy.length ? { proxy: proxy.join(' ') } : {}) };
  const config = {
    // Verdaccio resolves relative paths against self_path's folder; every path below is absolute anyway.
    self_path: join(root, 'config.yaml'),
    config_path: join(root, 'config.yaml'),
    storage: storageDir,
    auth: { htpasswd: { file: htpasswdFile, max_users: -1, algorithm: 'bcrypt', rounds: 10 } },
    uplinks: Object.fromEntries(Object.entries(uplinks).map(([name, url]) => [name, { url }])),
    packages: { '@*/*': rule, '**': rule },
    publish: { allow_offline: true },
    web: { enable: false },
    log: { type: 'stdout', format: 'json', level: options.logLevel ?? 'warn' },
    server: { keepAliveTimeout: 0 },
    // Legacy (AES) API tokens are re-checked against htpasswd on every request, so rotating a password or removing a
    // user revokes its tokens at once; Verdaccio's default JWTs would stay valid until they expire.
    security: { api: { legacy: true } },
    max_body_size: '50mb',
  };
  const server = (await runServer(config as never)) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port, storageDir, htpasswdFile,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections?.();
    }),
  };
}
