/**
 * Plugins in scale mode, as deploy/ runs them: every process has ITS OWN data folder (its own content-addressed plugin
 * store) and they share Elasticsearch, Redis and the plugin registry. Host A (API) installs plugins and publishes a flow,
 * a rule and a destination; collector B serves /track and runs the flow's plugin, fetched from the registry on first
 * use; a `tessera worker` W runs the destination's dispatch with the plugin it fetched the same way. A plugin disabled
 * on A stops on B at once (its cached package is dropped through the bus), and runs again when re-enabled.
 *
 * Runs when both engines answer; with TESSERA_REQUIRE_ENGINES=yes a missing engine fails the suite instead.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginToRegistry, publishPackage } from '@tessera/marketplace/registry';
import { generateRegistryPassword, setHtpasswdUser, startEmbeddedRegistry, type EmbeddedRegistry } from '@tessera/marketplace/verdaccio';
import { computeIntegrity, generatePublisherKeyPair, integrityToKey, signPackage } from '@tessera/plugin-sdk/signing';
import { engineForTests } from '../engines/env.ts';
import { dropIndices } from '../engines/cleanup.ts';
import { eventually, startHost, type HostHandle } from '../helpers/index.ts';
import { startReceiver, type Receiver } from '../destinations/receiver.ts';

const elastic = await engineForTests('elasticsearch');
const redis = await engineForTests('redis');

const GREETER = { name: '@acme/plugin-greeter', version: '1.0.0' };
const BEACON = { name: '@acme/plugin-beacon', version: '1.0.0' };

/** Builds a plugin from TypeScript with the SDK (what the sandbox really runs) and packs it. */
async function buildPackage(root: string, p: { name: string; version: string; tessera: Record<string, unknown>; source: string }) {
  const { buildPlugin } = await import('@tessera/plugin-sdk/build');
  const { packFolder } = await import('@tessera/marketplace/workspace');
  const dir = join(root, p.name.replace(/[@/]/g, '_'));
  mkdirSync(join(dir, 'src'), { recursive: true });
  const packageJson = { name: p.name, version: p.version, type: 'module', keywords: ['tessera-plugin'], files: ['dist', 'README.md'], tessera: p.tessera };
  writeFileSync(join(dir, 'package.json'), JSON.stringify(packageJson, null, 2));
  writeFileSync(join(dir, 'README.md'), `# ${p.name}\n`);
  writeFileSync(join(dir, 'src', 'index.ts'), p.source);
  await buildPlugin(dir);
  return { packageJson, tarball: await packFolder(dir) };
}

/** Package folders in a data folder's content-addressed plugin store. */
function storeOf(dataDir: string): string[] {
  const root = join(dataDir, 'plugins', 'store');
  return existsSync(root) ? readdirSync(root).filter((f) => !f.startsWith('.')) : [];
}

describe.runIf(elastic && redis)('plugins across hosts with their own data folders (shared Elasticsearch, Redis and registry)', () => {
  const base = `pah-${randomBytes(4).toString('hex')}`;
  const greeting = `hej-${randomBytes(3).toString('hex')}`;
  let dir: string;
  let registry: EmbeddedRegistry;
  let receiver: Receiver;
  let apiHost: HostHandle;
  let collector: HostHandle;
  let worker: HostHandle;
  const integrity: Record<string, string> = {};
  let sourceId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-pah-'));
    receiver = await startReceiver();
    registry = await startEmbeddedRegistry({ dataDir: join(dir, 'registry'), port: 0, logLevel: 'error' });
    const password = generateRegistryPassword();
    setHtpasswdUser(registry.htpasswdFile, 'acme', password);
    const token = await loginToRegistry(registry.url, 'acme', password);
    const env = {
      STORAGE: 'elasticsearch', ELASTIC_HOST: elastic!, ELASTIC_INDEX_PREFIX: base, ELASTIC_INDEX_REPLICAS: '0', REDIS_HOST: redis!,
      TESSERA_SECRET: randomBytes(24).toString('hex'), REGISTRY_URL: registry.url, REGISTRY_SEED: 'no',
    };
    // The API instance migrates the indices; the collector and the worker start before anything is installed.
    apiHost = await startHost({ env, readyTimeoutMs: 120_000 });
    [collector, worker] = await Promise.all([
      startHost({ env: { ...env, EXPOSE_GUI_API: 'no' }, readyTimeoutMs: 120_000 }),
      startHost({ env: { ...env, SANDBOX_ALLOW_PRIVATE_HOSTS: '127.0.0.1' }, command: 'worker', readyTimeoutMs: 120_000 }),
    ]);

    // A plugin developer publishes two signed plugins; the administrator trusts the key on A.
    const publisher = generatePublisherKeyPair();
    const built = await Promise.all([
      buildPackage(dir, {
        ...GREETER, source: `import { definePlugin } from '@tessera/plugin-sdk';\nexport default definePlugin<any>({ run(input, ctx) { return { port: 'respond', payload: { greeter: { text: ctx.config.greeting } } }; } });\n`,
        tessera: {
          apiVersion: '1', kind: 'action', title: 'Greeter', description: 'Answers with a greeting', category: 'Testing', entry: 'dist/plugin.js',
          config: { type: 'object', properties: { greeting: { type: 'string', default: 'hello' } } }, inputs: ['payload'], outputs: ['respond'],
        },
      }),
      buildPackage(dir, {
        ...BEACON, source: `import { defineDestination } from '@tessera/plugin-sdk';\nexport default defineDestination<any>({ async run(input, ctx) {\n  const res = await ctx.fetch(ctx.config.url, { method: 'POST', json: { type: ctx.event?.type, id: ctx.event?.id } });\n  return { port: 'response', payload: { status: res.status } };\n} });\n`,
        tessera: {
          apiVersion: '1', kind: 'destination', title: 'Beacon', description: 'Posts the event type', category: 'Destinations', entry: 'dist/plugin.js',
          config: { type: 'object', required: ['url'], properties: { url: { type: 'string' } } }, inputs: ['payload'], outputs: ['response'],
          permissions: { network: ['127.0.0.1'], event: 'read' },
        },
      }),
    ]);
    for (const [i, p] of [GREETER, BEACON].entries()) {
      const { packageJson, tarball } = built[i];
      integrity[p.name] = computeIntegrity(tarball);
      const signature = signPackage({ name: p.name, version: p.version, integrity: integrity[p.name] }, publisher.privateKeyPem);
      await publishPackage({ registry: registry.url, token, packageJson, tarball, signature, readme: `# ${p.name}` });
    }
    expect((await apiHost.api.post('/api/plugins/trust', { publisher: 'Acme', publicKeyPem: publisher.publicKeyPem })).status).toBe(201);
    for (const p of [GREETER, BEACON]) {
      const installed = await apiHost.api.post('/api/plugins/install', p);
      expect(installed.status, JSON.stringify(installed.body)).toBe(201);
    }
    sourceId = (await apiHost.api.createSource({ name: 'scale shop' })).id;
  }, 300_000);

  afterAll(async () => {
    await Promise.all([collector?.dispose(), worker?.dispose(), apiHost?.dispose()]);
    await receiver?.close();
    await registry?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    await dropIndices(elastic!, base);
  });

  it('the collector runs a flow published on the API instance with a plugin it fetches from the registry', async () => {
    expect(storeOf(collector.dataDir)).toEqual([]);
    const flow = await apiHost.api.post('/api/flows', {
      name: 'Greet', description: '',
      nodes: [
        { id: 'start', type: 'start', position: { x: 0, y: 0 } },
        { id: 'greet', type: 'plugin', plugin: GREETER, position: { x: 200, y: 0 }, config: { greeting } },
      ],
      edges: [{ id: 'e1', source: 'start', sourcePort: 'payload', target: 'greet', targetPort: 'payload' }],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    expect((await apiHost.api.post(`/api/flows/${flow.body.id}/publish`, {})).status).toBe(201);
    expect((await apiHost.api.post('/api/rules', { name: 'greet visitors', eventType: 'visit', source: sourceId, flowId: flow.body.id })).status).toBe(201);

    const answers = await Promise.all(Array.from({ length: 4 }, () => collector.api.track({ source: { id: sourceId }, events: [{ type: 'visit' }] })));
    for (const a of answers) {
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      expect(a.body.response).toMatchObject({ greeter: { text: greeting } });
    }
    // B's own store now holds exactly the bytes A installed.
    expect(storeOf(collector.dataDir)).toEqual([integrityToKey(integrity[GREETER.name])]);
  });

  it('a plugin disabled on the API instance stops on the collector at once, and runs again when enabled', async () => {
    const visit = () => collector.api.track({ source: { id: sourceId }, events: [{ type: 'visit' }] });
    expect((await apiHost.api.post('/api/plugins/disable', { ...GREETER, reason: 'under review' })).status).toBe(200);
    const stopped = await eventually('the collector to stop running the disabled plugin', async () => {
      const res = await visit();
      return res.body.response?.greeter === undefined ? res : undefined;
    }, 5000);
    expect(stopped.body.errors.join('\n')).toMatch(/plugin_disabled|is disabled: under review/);
    expect((await apiHost.api.post('/api/plugins/enable', GREETER)).status).toBe(200);
    await eventually('the collector to run the re-enabled plugin', async () => {
      const res = await visit();
      return res.body.response?.greeter?.text === greeting ? res : undefined;
    }, 5000);
  });

  it('the worker runs a destination dispatch with the plugin it fetches into its own data folder', async () => {
    expect(storeOf(worker.dataDir)).toEqual([]);
    const created = await apiHost.api.post('/api/destinations', {
      name: 'Beacon', plugin: BEACON, on: 'event', eventTypes: ['purchase'], config: { url: `${receiver.url}/beacon` },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    // The collector drops its cached list of destinations when the bus tells it of the new one, and at the latest
    // after a couple of seconds: purchases tracked before that are not dispatched, so track until one is.
    const sent: string[] = [];
    const got = await eventually('the collector to dispatch a purchase to the new destination', async () => {
      const res = await collector.api.track({ source: { id: sourceId }, events: [{ type: 'purchase', properties: { total: 9 } }] });
      expect(res.status).toBe(200);
      sent.push(res.body.events.at(-1));
      return (await receiver.waitFor('/beacon', 1, 1000).catch(() => []))[0];
    }, 30_000);
    expect(got.body).toEqual({ type: 'purchase', id: expect.any(String) });
    expect(sent).toContain((got.body as { id: string }).id);
    // Hosts register no job handlers with BullMQ: the worker ran it, from its own store.
    expect((await apiHost.api.get('/api/jobs')).body.jobs.dispatch.completed).toBe(0);
    expect(storeOf(worker.dataDir)).toEqual([integrityToKey(integrity[BEACON.name])]);
    expect(storeOf(apiHost.dataDir).sort()).toEqual([integrityToKey(integrity[GREETER.name]), integrityToKey(integrity[BEACON.name])].sort());
  });
});
