/**
 * Spawns the real host (`node --no-node-snapshot host/src/cli.ts start`) on a free port with a temporary data folder
 * and a bootstrap admin, waits for `/health`, and signs in.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A running host process and an admin bearer token for it. */
export interface StartedHost {
  url: string;
  token: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`host exited with ${child.exitCode}:\n${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`host did not become healthy:\n${output()}`);
}

/** Starts a host process. */
export async function startHost(env: Record<string, string> = {}): Promise<StartedHost> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tessera-host-'));
  const port = await freePort();
  const email = 'admin@tracker.test';
  const password = randomBytes(12).toString('base64url');
  const child = spawn(process.execPath, ['--no-node-snapshot', 'host/src/cli.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', TESSERA_DATA_DIR: dataDir, LOG_LEVEL: 'warn',
      TESSERA_ADMIN_EMAIL: email, TESSERA_ADMIN_PASSWORD: password, REGISTRY_PORT: String(await freePort()), ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => { log += d; });
  child.stderr!.on('data', (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, child, () => log);
    const res = await fetch(`${url}/api/auth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
    });
    if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    const { token } = (await res.json()) as { token: string };
    return { url, token, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
