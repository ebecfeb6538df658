/**
 * The plugin developer's path from plugin-sdk/README.md, as a stranger would walk it against a running Tessera:
 * `tessera-plugin new my-plugin` → `npm test` → `tessera-plugin keygen` → log in with the registry token an
 * administrator created → `tessera-plugin publish` → the plugin appears in the marketplace → the administrator trusts
 * the key and installs it → it runs in a flow on `/track`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, startHost, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let work: string;

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const res = spawnSync(cmd, args, {
    cwd, encoding: 'utf8', timeout: 180_000,
    // The SDK is "installed": its bin is on PATH, as `npm install -D @tessera/plugin-sdk` would arrange.
    env: { ...process.env, PATH: `${join(REPO_ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}`, ...env },
  });
  return { code: res.status, out: `${res.stdout}\n${res.stderr}` };
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'tessera-dev-path-'));
  host = await startHost();
  await host.api.adminToken();
  for (const deadline = Date.now() + 90_000; ;) {
    const status = await host.api.get('/api/marketplace/status');
    if (status.body?.seed?.state === 'done') break;
    if (Date.now() > deadline) throw new Error(`seeding did not finish: ${JSON.stringify(status.body)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
});
afterAll(async () => {
  await host?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('new → npm test → publish → marketplace → install → runs in a flow on /track', async () => {
  // 1. Scaffold, 2. test in the real sandbox.
  const created = run('tessera-plugin', ['new', 'my-plugin'], work);
  expect(created.code, created.out).toBe(0);
  const dir = join(work, 'my-plugin');
  const tested = run('npm', ['test'], dir);
  expect(tested.code, tested.out).toBe(0);
  expect(tested.out).toMatch(/passed/);

  // 3. Publisher key, registry login (the .npmrc line `npm login` would write), publish.
  const keyFile = join(work, 'keys', 'publisher.key');
  const keygen = run('tessera-plugin', ['keygen', '--key', keyFile], work);
  expect(keygen.code, keygen.out).toBe(0);
  const registry = (await host.api.get('/api/registry')).body.url as string;
  const user = await host.api.post('/api/registry/users', { name: 'my-dev' });
  expect(user.status).toBe(201);
  const npmrc = join(work, '.npmrc-user');
  writeFileSync(npmrc, `${user.body.npmrc}\n`);
  const published = run('tessera-plugin', ['publish', '--registry', registry, '--key', keyFile], dir, { npm_config_userconfig: npmrc });
  expect(published.code, published.out).toBe(0);
  expect(published.out).toContain('published my-plugin@0.1.0');

  // 4. It appears in the marketplace, signed by a key the administrator does not trust yet; trust it, install it.
  const listed = await host.api.get('/api/marketplace/my-plugin');
  expect(listed.status).toBe(200);
  expect(listed.body).toMatchObject({ name: 'my-plugin', title: 'My Plugin', latest: '0.1.0', signature: { status: 'untrusted' } });
  const publicKeyPem = readFileSync(`${keyFile}.pub`, 'utf8');
  expect((await host.api.post('/api/plugins/trust', { publisher: 'My Dev', publicKeyPem })).status).toBe(201);
  const installed = await host.api.post('/api/plugins/install', { name: 'my-plugin', version: '0.1.0' });
  expect(installed.status, JSON.stringify(installed.body)).toBe(201);
  expect(installed.body.plugin.signature).toMatchObject({ status: 'trusted', publisher: 'My Dev' });

  // 5. A flow: start → my-plugin (tags the visitor) → create-response (answers the greeting), routed from page-view.
  const flow = await host.api.post('/api/flows', {
    name: 'Greet visitors',
    nodes: [
      { id: 'start', type: 'start' },
      { id: 'greet', type: 'plugin', plugin: { name: 'my-plugin', version: '0.1.0' }, config: { greeting: 'Welcome', tagVisitor: true } },
      { id: 'answer', type: 'plugin', plugin: { name: '@tessera/plugin-create-response', version: '1.0.0' }, config: { key: 'greeter', body: { text: '{{payload@greeting}}' } } },
    ],
    edges: [
      { id: 'e1', source: 'start', sourcePort: 'payload', target: 'greet', targetPort: 'payload' },
      { id: 'e2', source: 'greet', sourcePort: 'payload', target: 'answer', targetPort: 'payload' },
    ],
  });
  expect(flow.status, JSON.stringify(flow.body)).toBe(201);
  const flowId = flow.body.id ?? flow.body.flow?.id;
  expect((await host.api.post(`/api/flows/${flowId}/publish`, { note: 'first' })).status).toBe(201);
  expect((await host.api.post('/api/rules', { name: 'page views', eventType: 'page-view', source: 'any', flowId })).status).toBe(201);

  const source = await host.api.createSource();
  const tracked = await host.api.track({ source: { id: source.id }, events: [{ type: 'page-view', properties: {} }] });
  expect(tracked.status, JSON.stringify(tracked.body)).toBeLessThan(300);
  expect(tracked.body.response).toMatchObject({ greeter: { text: 'Welcome, stranger!' } });
  const profile = await host.api.get(`/api/profiles/${tracked.body.profile.id}`);
  expect(profile.body.segments).toContain('greeted');
});
