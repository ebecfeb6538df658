/**
 * Every environment variable Tessera reads, in one table. Adding a setting is one line here; its parser validates it
 * at start-up and the README's configuration table lists it.
 */
import { int, oneOf, optional, text, url, yesNo, ConfigProblem } from './internal/parsers.ts';

import { STORAGE_KINDS } from '../storage/factory.ts';

export { STORAGE_KINDS };
/** Log levels pino accepts. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** The configuration table: key in the Config object → environment variable parser. */
export const CONFIG_SPEC = {
  port: int('PORT', 8686, 'HTTP port the host listens on (0 picks a free port).', 0, 65535),
  host: text('HOST', '0.0.0.0', 'Interface the host listens on.'),
  dataDir: text('TESSERA_DATA_DIR', './data', 'Folder for the SQLite files, the generated secret key and plugin data; created when missing.'),
  storage: oneOf('STORAGE', STORAGE_KINDS, 'sqlite', 'Storage engine: `sqlite` (embedded) or `elasticsearch` (scale mode).'),
  sqliteWalCoalesce: yesNo('SQLITE_WAL_COALESCE', true, 'SQLite: write the frames of each commit to the WAL in a few large writes instead of two per frame, through a small C extension compiled on first start (skipped with a warning where no C compiler is found); `no` keeps the writes of SQLite itself.'),
  elasticHost: url('ELASTIC_HOST', 'Elasticsearch URL; required when STORAGE=elasticsearch.'),
  elasticIndexPrefix: text('ELASTIC_INDEX_PREFIX', 'tessera', 'Name of the installation: base name of its Elasticsearch indices and aliases (`prod-` is prepended when PRODUCTION=yes) and of its Redis keys (queues, locks, messages), so installations sharing a cluster stay apart.'),
  elasticShards: int('ELASTIC_INDEX_SHARDS', 1, 'Primary shards of each Elasticsearch index Tessera creates.', 1, 64),
  elasticReplicas: int('ELASTIC_INDEX_REPLICAS', 1, 'Replicas of each Elasticsearch index Tessera creates (0 for a single-node cluster).', 0, 16),
  redisHost: optional('REDIS_HOST', 'Redis address (`host:port` or `redis://...`); when set, queues, locks and caches use Redis (scale mode).'),
  registryUrl: url('REGISTRY_URL', 'npm-compatible plugin registry; unset starts the embedded registry on REGISTRY_PORT.'),
  registryPort: int('REGISTRY_PORT', 4873, 'Port of the embedded plugin registry.', 0, 65535),
  registryHost: text('REGISTRY_HOST', '127.0.0.1', 'Interface the embedded registry listens on (`0.0.0.0` lets plugin developers on other machines publish).'),
  registryUplink: url('REGISTRY_UPLINK', 'Upstream registry the embedded registry may proxy (e.g. https://registry.npmjs.org); unset: none, the registry is hermetic.'),
  registryToken: optional('REGISTRY_TOKEN', 'With REGISTRY_URL: token of a registry user allowed to publish, used to seed the first-party plugins; unset: no seeding.'),
  registrySeed: yesNo('REGISTRY_SEED', true, 'At start, publish first-party plugins the registry lacks (signed with the first-party key) and install them.'),
  publicUrl: optional('PUBLIC_URL', 'Public base URL of the collector (e.g. https://collect.example.com) written into tracker snippets; unset: the URL the snippet request came to. `?api=` on the snippet route still overrides it.', (v) => {
    let u: URL;
    try { u = new URL(v); } catch { throw new ConfigProblem(`PUBLIC_URL must be a URL like https://collect.example.com, got "${v}"`); }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigProblem(`PUBLIC_URL must be an http(s) URL, got "${v}"`);
    if (u.search || u.hash || u.username || u.password) throw new ConfigProblem(`PUBLIC_URL must be a base URL without query, fragment or credentials, got "${v}"`);
  }),
  exposeGuiApi: yesNo('EXPOSE_GUI_API', true, '`no` serves only the collector routes (/track, /collect, /tracker/*, /health, /ready) and documents only those.'),
  production: yesNo('PRODUCTION', false, '`yes` for a production instance; production and staging keep separate data sets.'),
  secret: optional('TESSERA_SECRET', 'Key that encrypts stored credentials and source secrets (at least 16 characters). Unset: one is generated in the data folder (mode 0600).', (v) => {
    if (v.length < 16) throw new ConfigProblem('TESSERA_SECRET must be at least 16 characters long');
  }),
  adminEmail: optional('TESSERA_ADMIN_EMAIL', 'With TESSERA_ADMIN_PASSWORD: creates this admin at start when no user exists yet.'),
  adminPassword: optional('TESSERA_ADMIN_PASSWORD', 'Password of the bootstrap admin (at least 8 characters).'),
  trackMaxBodyBytes: int('TRACK_MAX_BODY_BYTES', 1_048_576, 'Largest /track or /collect body accepted; larger bodies get 413.', 1024),
  trackMaxEvents: int('TRACK_MAX_EVENTS', 500, 'Most events accepted in one /track request; more get 422.', 1),
  apiMaxBodyBytes: int('API_MAX_BODY_BYTES', 1_048_576, 'Largest management API request body accepted.', 1024),
  trackDebug: yesNo('TRACK_DEBUG', false, '`yes` lets a /track request with options.debugger=true get per-stage timings in its response.'),
  systemEvents: yesNo('SYSTEM_EVENTS', true, 'Record the system events profile-created, session-opened and visit-started.'),
  flowThreads: int('FLOW_THREADS', 1, 'Worker threads that run flows (the plugin calls and the engine around them) on other cores than the one answering requests; 0 runs flows on the main thread.', 0, 64),
  sourceCacheTtlMs: int('SOURCE_CACHE_TTL_MS', 2000, 'How long a host caches an event source, in milliseconds.'),
  tokenTtlSeconds: int('TOKEN_TTL_SECONDS', 86_400, 'Lifetime of an API bearer token, in seconds.', 1),
  logRequests: yesNo('LOG_REQUESTS', false, '`yes` logs every HTTP request and response (pino, level info).'),
  logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'info', 'pino log level.'),
  shutdownTimeoutMs: int('SHUTDOWN_TIMEOUT_MS', 10_000, 'How long SIGTERM waits for in-flight requests before forcing exit.', 100),
} as const;
