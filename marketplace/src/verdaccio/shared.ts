/**
 * One embedded registry per data folder. Several hosts may run on one data folder (staging and production, or an
 * internal and a collector instance); the first one to start runs Verdaccio and records where in
 * `<dataDir>/registry/server.json`, and the others attach to it instead of opening the same storage a second time.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { processAlive } from '@tessera/plugin-sdk/release';
import { startEmbeddedRegistry, type EmbeddedRegistry, type EmbeddedRegistryOptions } from './server.ts';

/** A registry this host either runs (`owner`) or uses from another host on the same data folder. */
export interface SharedRegistry {
  url: string;
  storageDir: string;
  htpasswdFile: string;
  owner: boolean;
  /** Stops the registry when this host runs it; a no-op for an attached host. */
  close(): Promise<void>;
}

/** Attaches to the data folder's running registry, or starts it. */
export async function openSharedRegistry(options: EmbeddedRegistryOptions): Promise<SharedRegistry> {
  const root = join(options.dataDir, 'registry');
  mkdirSync(root, { recursive: true });
  const infoFile = join(root, 'server.json');
  const lock = join(root, '.starting.lock');
  const storageDir = join(root, 'storage');
  const htpasswdFile = join(root, 'htpasswd');
  const deadline = Date.now() + 60_000;
  for (;;) {
    const running = await runningRegistry(infoFile);
    if (running) return { url: running, storageDir, htpasswdFile, owner: false, close: async () => {} };
    try {
      mkdirSync(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another host is starting it; a lock older than 30 s belongs to a host that died while starting.
      if (Date.now() - safeMtime(lock) > 30_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for another host to start the registry (${lock})`);
      await new Promise((r) => setTimeout(r, 100));
      continue;
    }
    let registry: EmbeddedRegistry;
    try {
      registry = await startEmbeddedRegistry(options);
      writeFileSync(infoFile, JSON.stringify({ url: registry.url, pid: process.pid, token: randomBytes(4).toString('hex') }), { mode: 0o600 });
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
    return {
      url: registry.url, storageDir, htpasswdFile, owner: true,
      async close() {
        try {
          const info = JSON.parse(readFileSync(infoFile, 'utf8')) as { pid?: number };
          if (info.pid === process.pid) rmSync(infoFile, { force: true });
        } catch { /* already gone */ }
        await registry.close();
      },
    };
  }
}

async function runningRegistry(infoFile: string): Promise<string | null> {
  if (!existsSync(infoFile)) return null;
  let info: { url?: string; pid?: number };
  try {
    info = JSON.parse(readFileSync(infoFile, 'utf8')) as typeof info;
  } catch {
    return null;
  }
  if (!info.url || !info.pid || info.pid === process.pid || !processAlive(info.pid)) return null;
  try {
    const res = await fetch(`${info.url}/-/ping`, { signal: AbortSignal.timeout(2000) });
    return res.ok ? info.url : null;
  } catch {
    return null;
  }
}

function safeMtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return Date.now();
  }
}

/**
 * The password of the user hosts publish first-party plugins with: created once per data folder (mode 0600) so that
 * hosts sharing the folder never rotate it under each other's feet.
 */
export function seedPassword(dataDir: string, generate: () => string): string {
  const file = join(dataDir, 'registry', 'seed.secret');
  try {
    writeFileSync(file, generate(), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return readFileSync(file, 'utf8').trim();
}
