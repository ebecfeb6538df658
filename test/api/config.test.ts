/** Start-up configuration: validation with clear messages, admin bootstrap, the generated key, separate data sets. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startHost, type HostHandle } from '../helpers/index.ts';

const hosts: HostHandle[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const h of hosts) await h.dispose();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-config-'));
  dirs.push(d);
  return d;
}

describe('configuration', () => {
  it('refuses invalid settings at start with one message naming each of them', () => {
    const res = spawnSync(process.execPath, ['--no-node-snapshot', 'host/src/cli.ts', 'start'], {
      cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000,
      env: { PATH: process.env.PATH, TESSERA_DATA_DIR: tempDir(), PORT: 'eighty', STORAGE: 'mongodb', EXPOSE_GUI_API: 'maybe', TESSERA_ADMIN_EMAIL: 'a@example.com' },
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('PORT must be a whole number');
    expect(res.stderr).toContain('STORAGE must be one of sqlite, elasticsearch');
    expect(res.stderr).toContain('EXPOSE_GUI_API must be "yes" or "no"');
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('cross-checks related settings', () => {
    const res = spawnSync(process.execPath, ['--no-node-snapshot', 'host/src/cli.ts', 'start'], {
      cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000,
      env: { PATH: process.env.PATH, TESSERA_DATA_DIR: tempDir(), TESSERA_ADMIN_EMAIL: 'a@example.com' },
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toContain('TESSERA_ADMIN_EMAIL and TESSERA_ADMIN_PASSWORD must be set together');
  });

  it('`tessera migrate` brings a new data folder up to date, and a second run has nothing to do', () => {
    const dir = tempDir();
    const run = () => spawnSync(process.execPath, ['host/bin/tessera.js', 'migrate'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH, TESSERA_DATA_DIR: dir } });
    const first = run();
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/applied [1-9]\d* migration/);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('applied 0 migration');
  });

  it('TESSERA_ADMIN_EMAIL/PASSWORD bootstrap the first admin; setup then answers 409', async () => {
    const host = await startHost({ env: { TESSERA_ADMIN_EMAIL: 'Boss@Example.com', TESSERA_ADMIN_PASSWORD: 'bootstrap password' } });
    hosts.push(host);
    const token = await host.api.login('boss@example.com', 'bootstrap password');
    expect((await host.api.get('/api/users', { token })).body.items).toEqual([expect.objectContaining({ email: 'boss@example.com', role: 'admin' })]);
    expect((await host.api.post('/api/setup', { email: 'x@example.com', password: 'long enough pw' }, { token: null })).status).toBe(409);
  });

  it('generates the secret key once, with mode 0600, logs that it did, and stores source secrets encrypted', async () => {
    const host = await startHost();
    hosts.push(host);
    const keyFile = path.join(host.dataDir, 'secret.key');
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(host.logs()).toContain('generated an encryption key');
    const key = fs.readFileSync(keyFile, 'utf8');
    await host.api.createSource({ name: 'secured', secret: 'plain-text-secret-value' });
    await host.stop();
    const files = fs.readdirSync(host.dataDir).filter((f) => f.includes('sqlite'));
    for (const f of files) expect(fs.readFileSync(path.join(host.dataDir, f)).includes('plain-text-secret-value')).toBe(false);

    const again = await startHost({ dataDir: host.dataDir });
    hosts.push(again);
    expect(fs.readFileSync(keyFile, 'utf8')).toBe(key);
    expect(again.logs()).not.toContain('generated an encryption key');
  });

  it('bearer tokens expire after TOKEN_TTL_SECONDS', async () => {
    const host = await startHost({ env: { TOKEN_TTL_SECONDS: '1' } });
    hosts.push(host);
    const token = await host.api.adminToken();
    expect((await host.api.get('/api/sources', { token })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    const expired = await host.api.get('/api/sources', { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('invalid_token');
  });

  it('with TESSERA_SECRET no key file is written', async () => {
    const host = await startHost({ env: { TESSERA_SECRET: 'a long operator chosen secret' } });
    hosts.push(host);
    expect(fs.existsSync(path.join(host.dataDir, 'secret.key'))).toBe(false);
  });

  it('PRODUCTION=yes and PRODUCTION=no keep separate data sets in one data folder', async () => {
    const staging = await startHost();
    hosts.push(staging);
    const source = await staging.api.createSource({ name: 'staging only' });
    await staging.stop();
    const production = await startHost({ dataDir: staging.dataDir, env: { PRODUCTION: 'yes' } });
    hosts.push(production);
    // No user yet in production: setup is open again, and the staging source does not exist there.
    expect((await production.api.get(`/api/sources/${source.id}`)).status).toBe(404);
    expect((await production.api.track({ source: { id: source.id }, events: [{ type: 'view' }] })).status).toBe(401);
  });
});
