import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../http/types.ts';
import { ensureGuiBuilt, guiNeedsBuild } from './build.ts';
import { guiRoutes, type GuiState } from './gui.route.ts';

describe('GUI serving at /ui/', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-gui-dist-'));
  const state: GuiState = { ready: true, error: null };
  const app = Fastify();

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc.js'), 'console.log(1)');
    fs.writeFileSync(path.join(os.tmpdir(), 'tessera-gui-secret.txt'), 'secret');
    await app.register(async (scope) => guiRoutes(scope as unknown as App, dist, state));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves hashed assets with a long cache and a CSP', async () => {
    const res = await app.inject('/ui/assets/index-abc.js');
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('console.log(1)');
    expect(res.headers['cache-control']).toContain('immutable');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('answers deep links with the app so its router can take over', async () => {
    for (const url of ['/ui/', '/ui/workflows/f1', '/ui/marketplace/@tessera/plugin-if']) {
      const res = await app.inject(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="app">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    expect((await app.inject('/ui')).headers.location).toBe('/ui/');
    expect((await app.inject('/')).headers.location).toBe('/ui/');
  });

  it('answers a missing asset with 404 instead of the app', async () => {
    expect((await app.inject('/ui/assets/gone.js')).statusCode).toBe(404);
  });

  it('never serves files outside the build', async () => {
    const res = await app.inject('/ui/..%2f..%2ftessera-gui-secret.txt');
    expect(res.body).not.toContain('secret');
  });

  it('answers 503 with a self-refreshing page while the build runs', async () => {
    state.ready = false;
    try {
      const res = await app.inject('/ui/');
      expect(res.statusCode).toBe(503);
      expect(res.body).toContain('being built');
      expect(res.body).toContain('http-equiv="refresh"');
    } finally {
      state.ready = true;
    }
  });
});

describe('ensureGuiBuilt', () => {
  it('does nothing when a shipped build exists and the sources are absent', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-gui-shipped-'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.writeFileSync(path.join(dir, 'dist', 'index.html'), 'x');
    expect(await guiNeedsBuild(dir)).toBe(false);
    expect(await ensureGuiBuilt(dir)).toEqual({ built: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('wants a build when sources are newer than the build', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-gui-stale-'));
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'dist', 'index.html'), 'x');
    const past = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, 'dist', 'index.html'), past, past);
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), 'y');
    expect(await guiNeedsBuild(dir)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
