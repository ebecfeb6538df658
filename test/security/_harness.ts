// Shared setup of the security suite: attack plugins are real plugin sources bundled exactly like `tessera-plugin
// build` does, and run through the host's own sandbox (createSandbox), never a stand-in.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { bundleFile } from '@tessera/plugin-sdk/build';
import type { PluginPackage, Sandbox, SandboxCall, SandboxResult } from '@tessera/host/sandbox/index.ts';

const bundles = new Map<string, Promise<string>>();

/** Bundles `attacks/<file>.ts` (cached) and wraps it with a manifest. */
export async function attack(file: string, manifest: Record<string, unknown> = {}, name = `attack-${file}`): Promise<PluginPackage> {
  let code = bundles.get(file);
  if (!code) bundles.set(file, (code = bundleFile(fileURLToPath(new URL(`./attacks/${file}.ts`, import.meta.url))).then((b) => b.code)));
  return {
    name,
    version: '1.0.0',
    manifest: { apiVersion: '1', kind: 'action', title: file, entry: 'dist/plugin.js', limits: { timeoutMs: 300, memoryMb: 16 }, ...manifest },
    code: await code,
  };
}

/** A call with a victim profile and event, as the engine would make it. */
export function callOf(plugin: PluginPackage, extra: Partial<SandboxCall> = {}): SandboxCall {
  return {
    plugin,
    config: {},
    input: { port: 'payload', payload: { n: 1 } },
    event: { id: 'e-1', type: 'purchase', email: 'victim@example.com' },
    profile: { id: 'p-1', traits: { name: 'Victim' }, pii: { email: 'victim@example.com' }, consents: { marketing: true } },
    session: { id: 's-1' },
    ...extra,
  };
}

/**
 * The three things every attack must show: the call failed with the expected code and a message a person can act
 * on, it produced no results or patches, and the same sandbox still runs a good plugin correctly afterwards.
 */
export async function expectContained(sandbox: Sandbox, result: SandboxResult, code: string | string[], message: RegExp): Promise<void> {
  const codes = Array.isArray(code) ? code : [code];
  expect(codes, `expected ${codes.join(' or ')}, got ${JSON.stringify(result.error ?? result.results)}`).toContain(result.error?.code);
  expect(result.error!.message).toMatch(message);
  expect(result.error!.message).not.toMatch(/\n\s+at /);
  expect(result.results).toEqual([]);
  expect(result.patches).toEqual([]);
  await expectServing(sandbox);
}

/** The host still serves: a good plugin runs and returns its payload. */
export async function expectServing(sandbox: Sandbox): Promise<void> {
  const good = await sandbox.run(callOf(await attack('good', {}, 'good-plugin'), { input: { port: 'payload', payload: { probe: 42 } } }));
  expect(good.error).toBeUndefined();
  expect(good.results).toEqual([{ port: 'payload', payload: { ok: true, echo: { probe: 42 } } }]);
}

/** A local HTTP server standing in for internal services: /ok, /redirect?to=, /big, /slow. */
export async function startTarget(): Promise<{ url: string; port: number; hits: string[]; close(): Promise<void> }> {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    hits.push(u.pathname);
    if (u.pathname === '/ok') return res.end('internal data');
    if (u.pathname === '/redirect') {
      res.writeHead(302, { location: u.searchParams.get('to') ?? '/' });
      return res.end();
    }
    if (u.pathname === '/loop') {
      res.writeHead(302, { location: '/loop' });
      return res.end();
    }
    if (u.pathname === '/big') return res.end('x'.repeat(3 * 1024 * 1024));
    if (u.pathname === '/slow') return void setTimeout(() => res.end('late'), 3000).unref();
    res.statusCode = 404;
    res.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`, port, hits,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
