/**
 * Starts the REAL host process (`node --no-node-snapshot host/src/cli.ts start`) on a free port with a temporary
 * data folder, for black-box suites. Every suite that needs a server uses this:
 *
 *   const host = await startHost();                 // or startHost({ env: { EXPOSE_GUI_API: 'no' } })
 *   const source = await host.api.createSource();   // first admin set up on demand
 *   const res = await host.api.post('/track', {...}, { token: null });
 *   await host.dispose();                           // SIGTERM, then removes the temporary data folder
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_SPEC } from '../../host/src/config/index.ts';
import { createApi, type Api } from './api.ts';

/** The repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO_ROOT, 'host/src/cli.ts');

/** Options of {@link startHost}. */
export interface StartHostOptions {
  /** Extra environment (PORT, HOST and TESSERA_DATA_DIR are set by the helper unless given here). */
  env?: Record<string, string>;
  /** Reuse a data folder (e.g. to restart on the same data); default: a new temporary folder. */
  dataDir?: string;
  /** How long to wait for /ready, in ms (default 60 s). */
  readyTimeoutMs?: number;
  /** The `tessera` command to run (default `start`); `worker` also answers /ready on PORT. */
  command?: 'start' | 'worker';
  /**
   * Run the host of another checkout of Tessera (installed and built), e.g. an older commit to compare with in
   * `npm run bench -- ab`; default this repository.
   */
  root?: string;
}

/** A running host process. */
export interface HostHandle {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly pid: number;
  /** Management API and collector client bound to this host. */
  readonly api: Api;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
  /** SIGTERM; resolves with the exit code once the process has exited (SIGKILL after 20 s). */
  stop(): Promise<number | null>;
  /** SIGKILL, no chance to flush; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Stops the process if it runs and removes the data folder if the helper created it. */
  dispose(): Promise<void>;
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The environment of the child: the parent's minus every Tessera setting, so a developer's shell cannot leak in. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  const ours = new Set(Object.values(CONFIG_SPEC).map((s) => s.env));
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !ours.has(k)) env[k] = v;
  return env;
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`host exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${logs()}`);
    }
    try {
      const res = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`host not ready after ${timeoutMs} ms:\n${logs()}`);
}

async function launch(opts: StartHostOptions, dataDir: string, created: boolean): Promise<HostHandle> {
  const port = opts.env?.PORT ? Number(opts.env.PORT) : await freePort();
  const host = opts.env?.HOST ?? '127.0.0.1';
  // REGISTRY_PORT 0: parallel hosts must not fight over the embedded registry's default port 4873.
  const env = { ...baseEnv(), LOG_LEVEL: 'warn', PORT: String(port), HOST: host, TESSERA_DATA_DIR: dataDir, REGISTRY_PORT: '0', ...opts.env };
  const root = opts.root === undefined ? REPO_ROOT : path.resolve(opts.root);
  const cli = opts.root === undefined ? CLI : path.join(root, 'host/src/cli.ts');
  if (!fs.existsSync(cli)) throw new Error(`${root} is not a checkout of Tessera: it has no host/src/cli.ts`);
  const child = spawn(process.execPath, ['--no-node-snapshot', cli, opts.command ?? 'start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const logs = () => output;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`;
  await waitReady(url, child, opts.readyTimeoutMs ?? 60_000, logs);

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    try { return await exited(child); } finally { clearTimeout(timer); }
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGKILL');
    await exited(child);
  };
  return {
    url, port, dataDir, pid: child.pid!, logs, stop, kill,
    api: createApi(url),
    async dispose() {
      await stop();
      if (created) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts a host process and resolves once `/ready` answers 200. */
export async function startHost(opts: StartHostOptions = {}): Promise<HostHandle> {
  const created = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-host-'));
  // Another suite may grab the free port between our probe and the child's listen: retry with a new port.
  for (let attempt = 1; ; attempt++) {
    try {
      return await launch(opts, dataDir, created);
    } catch (err) {
      if (attempt >= 3 || opts.env?.PORT || !String((err as Error).message).includes('EADDRINUSE')) {
        if (created) fs.rmSync(dataDir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}
