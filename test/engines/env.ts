/**
 * Where the test engines are, for suites that need Elasticsearch or Redis.
 *
 * URLs come from `ELASTIC_HOST` / `REDIS_HOST`, else from `.engines/env` written by `test/engines/start.sh`.
 * A suite runs when its engine answers. With `TESSERA_REQUIRE_ENGINES=yes` (CI) a missing engine throws, so the
 * run fails instead of silently skipping the suite.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The engines the scale-mode suites use. */
export type EngineKind = 'elasticsearch' | 'redis';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ENV_VAR: Record<EngineKind, string> = { elasticsearch: 'ELASTIC_HOST', redis: 'REDIS_HOST' };

/** True when CI demands real engines (`TESSERA_REQUIRE_ENGINES=yes`). */
export const enginesRequired = process.env.TESSERA_REQUIRE_ENGINES === 'yes';

function fromStateFile(name: string): string | undefined {
  const dir = process.env.TESSERA_ENGINES_DIR ?? path.join(ROOT, '.engines');
  try {
    const line = fs.readFileSync(path.join(dir, 'env'), 'utf8').split('\n').find((l) => l.startsWith(`${name}=`));
    return line?.slice(name.length + 1).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The configured URL of an engine, or undefined. */
export function engineUrl(kind: EngineKind): string | undefined {
  const name = ENV_VAR[kind];
  return process.env[name] || fromStateFile(name);
}

async function esAnswers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
    const body = (await res.json()) as { version?: { number?: string } };
    return res.ok && typeof body.version?.number === 'string';
  } catch {
    return false;
  }
}

function redisAnswers(url: string): Promise<boolean> {
  const u = new URL(url.includes('://') ? url : `redis://${url}`);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(3000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/**
 * The URL of a reachable engine, or null when it is not reachable (the suite is then skipped with
 * `describe.runIf`). Throws when engines are required and this one is missing.
 */
export async function engineForTests(kind: EngineKind): Promise<string | null> {
  const url = engineUrl(kind);
  const ok = url !== undefined && (kind === 'elasticsearch' ? await esAnswers(url) : await redisAnswers(url));
  if (ok) return url;
  if (enginesRequired) {
    throw new Error(`TESSERA_REQUIRE_ENGINES=yes but ${kind} is not reachable at ${url ?? `(${ENV_VAR[kind]} unset)`}; start it with test/engines/start.sh`);
  }
  return null;
}
