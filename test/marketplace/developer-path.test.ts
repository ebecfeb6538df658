/**
 * The plugin developer's path from plugin-sdk/README.md, as a stranger would walk it against a running Tessera, from
 * a folder OUTSIDE this repository: an `.npmrc` that takes the `@tessera` scope from the Tessera registry (everything
 * else from the npm registry this machine is configured with) → `npm install -D @tessera/plugin-sdk` (the package the
 * host seeded) → `npx tessera-plugin new .` → `npm test` → `tessera-plugin keygen` → log in with the registry token an
 * administrator created → `tessera-plugin publish` → the plugin appears in the marketplace → the administrator trusts
 * the key and installs it → it runs in a flow on `/track`.
 *
 * Nothing here runs the repository's copy of the SDK: the CLI and the test harness come from the plugin folder's own
 * node_modules, where Node refuses to strip TypeScript types.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, relative, sep } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT, startHost, waitForSeeding, type HostHandle } from '../helpers/index.ts';

let host: HostHandle;
let work: string;

/**
 * The environment of a developer's shell: no npm settings inherited from whatever started this suite (`npm_config_*`
 * from `npm test`), no Vitest variables, and no folder of this repository on PATH.
 */
function developerEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(npm_|vitest)/i.test(k) || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  const root = realpathSync(REPO_ROOT);
  env.PATH = (process.env.PATH ?? '').split(delimiter).filter((p) => p && !p.startsWith(REPO_ROOT) && !p.startsWith(root)).join(delimiter);
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const res = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 240_000, env: developerEnv(env) });
  return { code: res.status, out: `${res.stdout}\n${res.stderr}${res.error ? `\n${res.error.message}` : ''}` };
}

beforeAll(async () => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'tessera-dev-path-')));
  host = await startHost();
  await host.api.adminToken();
  const status = await waitForSeeding(host.api, 120_000);
  if (status.seed.state !== 'done') throw new Error(`seeding did not finish: ${JSON.stringify(status)}`);
}, 180_000);
afterAll(async () => {
  await host?.dispose();
  if (work) rmSync(work, { recursive: true, force: true });
});

it('outside the repository: npm install the SDK from the registry → new → npm test → publish → marketplace → install → runs in a flow on /track', async () => {
  expect(relative(realpathSync(REPO_ROOT), work).startsWith('..'), 'the plugin folder lies outside the repository').toBe(true);
  const registry = ((await host.api.get('/api/registry')).body.url as string).replace(/\/?$/, '/');
  const seeded = (await host.api.get('/api/marketplace/status')).body.seed.published as Array<{ name: string; status: string; error?: string }>;
  expect(seeded.find((o) => o.name === '@tessera/plugin-sdk'), JSON.stringify(seeded)).toMatchObject({ status: 'published' });

  // 0. The developer's project: the @tessera scope from Tessera, everything else from the machine's npm registry.
  const upstream = run('npm', ['config', 'get', 'registry'], work);
  expect(upstream.code, upstream.out).toBe(0);
  const npmRegistry = upstream.out.trim().split('\n')[0];
  expect(npmRegistry).toMatch(/^https?:\/\//);
  const dir = join(work, 'my-plugin');
  mkdirSync(dir);
  writeFileSync(join(dir, '.npmrc'), `@tessera:registry=${registry}\nregistry=${npmRegistry}\n`);
  const init = run('npm', ['init', '-y'], dir);
  expect(init.code, init.out).toBe(0);
  const installed = run('npm', ['install', '-D', '@tessera/plugin-sdk', '--no-audit', '--no-fund'], dir);
  expect(installed.code, installed.out).toBe(0);

  // What was installed is the SDK the host published (same integrity as in the registry), as JavaScript.
  const sdkDir = join(dir, 'node_modules', '@tessera', 'plugin-sdk');
  expect(realpathSync(sdkDir).startsWith(`${dir}${sep}`)).toBe(true);
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  const packument = await (await fetch(`${registry}@tessera%2fplugin-sdk`)).json() as { 'dist-tags': { latest: string }; versions: Record<string, { dist: { integrity: string } }> };
  const sdkVersion = packument['dist-tags'].latest;
  expect(lock.packages['node_modules/@tessera/plugin-sdk']).toMatchObject({ version: sdkVersion, integrity: packument.versions[sdkVersion].dist.integrity });
  expect(existsSync(join(sdkDir, 'dist', 'cli', 'cli.js'))).toBe(true);
  expect(existsSync(join(sdkDir, 'src'))).toBe(false);

  // 1. Scaffold into the project, 2. test in the real sandbox, with the CLI from the project's node_modules.
  const created = run('npx', ['--no-install', 'tessera-plugin', 'new', '.'], dir);
  expect(created.code, created.out).toBe(0);
  expect(created.out).toContain('created my-plugin');
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  expect(pkg).toMatchObject({ name: 'my-plugin', scripts: { test: 'tessera-plugin test' }, devDependencies: { '@tessera/plugin-sdk': `^${sdkVersion}` } });
  const tested = run('npm', ['test'], dir);
  expect(tested.code, tested.out).toBe(0);
  expect(tested.out).toMatch(/Tests\s+3 passed/);
  expect(tested.out).not.toMatch(/ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING/);
  // The scaffold's vitest.config.js makes plain `npx vitest` (editors, watch mode) run them the same way.
  const vitest = run('npx', ['--no-install', 'vitest', 'run'], dir);
  expect(vitest.code, vitest.out).toBe(0);
  expect(vitest.out).toMatch(/Tests\s+3 passed/);

  // A broken plugin fails its tests: they really run the bundle.
  const source = join(dir, 'src', 'index.ts');
  const good = readFileSync(source, 'utf8');
  writeFileSync(source, good.replace('`${ctx.config.greeting', '`Bye ${ctx.config.greeting'));
  const broken = run('npm', ['test'], dir);
  expect(broken.code).not.toBe(0);
  expect(broken.out).toMatch(/failed/);
  writeFileSync(source, good);

  // 3. Publisher key, registry login (the .npmrc line `npm login` would write to ~/.npmrc), publish.
  const keyFile = join(work, 'keys', 'publisher.key');
  const keygen = run('npx', ['--no-install', 'tessera-plugin', 'keygen', '--key', keyFile], dir);
  expect(keygen.code, keygen.out).toBe(0);
  const user = await host.api.post('/api/registry/users', { name: 'my-dev' });
  expect(user.status).toBe(201);
  const userNpmrc = join(work, '.npmrc-user');
  writeFileSync(userNpmrc, `${user.body.npmrc}\n`);
  const published = run('npx', ['--no-install', 'tessera-plugin', 'publish', '--registry', registry, '--key', keyFile], dir, { npm_config_userconfig: userNpmrc });
  expect(published.code, published.out).toBe(0);
  expect(published.out).toContain('published my-plugin@0.1.0');

  // 4. It appears in the marketplace, signed by a key the administrator does not trust yet; trust it, install it.
  const listed = await host.api.get('/api/marketplace/my-plugin');
  expect(listed.status).toBe(200);
  expect(listed.body).toMatchObject({ name: 'my-plugin', title: 'My Plugin', latest: '0.1.0', signature: { status: 'untrusted' } });
  const publicKeyPem = readFileSync(`${keyFile}.pub`, 'utf8');
  expect((await host.api.post('/api/plugins/trust', { publisher: 'My Dev', publicKeyPem })).status).toBe(201);
  const install = await host.api.post('/api/plugins/install', { name: 'my-plugin', version: '0.1.0' });
  expect(install.status, JSON.stringify(install.body)).toBe(201);
  expect(install.body.plugin.signature).toMatchObject({ status: 'trusted', publisher: 'My Dev' });

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

  const eventSource = await host.api.createSource();
  const tracked = await host.api.track({ source: { id: eventSource.id }, events: [{ type: 'page-view', properties: {} }] });
  expect(tracked.status, JSON.stringify(tracked.body)).toBeLessThan(300);
  expect(tracked.body.response).toMatchObject({ greeter: { text: 'Welcome, stranger!' } });
  const profile = await host.api.get(`/api/profiles/${tracked.body.profile.id}`);
  expect(profile.body.segments).toContain('greeted');
}, 600_000);
