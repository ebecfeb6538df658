import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { App } from '../http/types.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTesseraError } from '../errors/index.ts';
import { buildTracker, ensureTracker, snippetRoutes, TRACKER_GZIP_BUDGET, trackerIsStale, trackerScriptRoutes } from './index.ts';

let dir: string;
let app: App;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-tracker-'));
  app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
  // The host's own error handler does this; a minimal stand-in keeps the test independent of the app.
  app.setErrorHandler((err, _req, reply) => {
    if (isTesseraError(err)) return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    return reply.code((err as { statusCode?: number }).statusCode ?? 500).send({ error: { code: 'bad_request', message: (err as Error).message } });
  });
  await app.register(trackerScriptRoutes, { distDir: dir });
  await app.register(snippetRoutes, { findSource: async (id) => (id === 'shop' ? { id } : null) });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tracker build', () => {
  it('stays within the gzip budget', async () => {
    const bundle = await buildTracker(dir);
    expect(bundle.gzipBytes).toBeGreaterThan(1000);
    expect(bundle.gzipBytes).toBeLessThanOrEqual(TRACKER_GZIP_BUDGET);
  });
});

describe('start-up build', () => {
  it('rebuilds a bundle older than the tracker sources, and leaves a fresh one alone', async () => {
    const own = mkdtempSync(path.join(os.tmpdir(), 'tessera-tracker-stale-'));
    try {
      expect(await trackerIsStale(own)).toBe(true);
      const file = await ensureTracker(own);
      expect(await trackerIsStale(own)).toBe(false);
      utimesSync(file, new Date(0), new Date(0));
      expect(await trackerIsStale(own)).toBe(true);
      await ensureTracker(own);
      expect(statSync(file).mtimeMs).toBeGreaterThan(0);
      expect(await trackerIsStale(own)).toBe(false);
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});

describe('GET /tracker/tessera.js', () => {
  it('serves the bundle built at start-up, gzipped on request, and revalidates by ETag', async () => {
    const plain = await app.inject({ url: '/tracker/tessera.js' });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^application\/javascript/);
    expect(plain.body).toContain('tesseraOptions');
    expect(plain.body).toMatch(/sourceMappingURL=tessera\.js\.map/);

    const zipped = await app.inject({ url: '/tracker/tessera.js', headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);

    const again = await app.inject({ url: '/tracker/tessera.js', headers: { 'if-none-match': String(plain.headers.etag) } });
    expect(again.statusCode).toBe(304);

    const legacy = await app.inject({ url: '/tracker/liliput.min.js' });
    expect(legacy.body).toBe(plain.body);
    const map = await app.inject({ url: '/tracker/tessera.js.map' });
    expect(JSON.parse(map.body).sources.some((s: string) => s.endsWith('tracker.ts'))).toBe(true);
  });
});

describe('GET /api/sources/:id/snippet', () => {
  it('returns the snippet of an existing source with the URL the request came to', async () => {
    const res = await app.inject({ url: '/api/sources/shop/snippet', headers: { host: 'cdp.example.com:8686' } });
    expect(res.statusCode).toBe(200);
    const { snippet } = res.json();
    expect(snippet).toContain('"api": "http://cdp.example.com:8686"');
    expect(snippet).toContain('"id": "shop"');
  });

  it('uses an explicit public collector URL', async () => {
    const res = await app.inject({ url: '/api/sources/shop/snippet?api=https://collect.example.com' });
    expect(res.json().snippet).toContain('src="https://collect.example.com/tracker/tessera.js"');
  });

  it('uses PUBLIC_URL when configured, and ?api= still overrides it', async () => {
    const configured = Fastify().withTypeProvider<TypeBoxTypeProvider>();
    await configured.register(snippetRoutes, { findSource: async (id) => ({ id }), publicUrl: 'https://collect.example.com/cdp' });
    try {
      const res = await configured.inject({ url: '/api/sources/shop/snippet', headers: { host: 'internal-admin:8686' } });
      expect(res.json().snippet).toContain('src="https://collect.example.com/cdp/tracker/tessera.js"');
      expect(res.json().snippet).not.toContain('internal-admin');
      const overridden = await configured.inject({ url: '/api/sources/shop/snippet?api=https://other.example.com' });
      expect(overridden.json().snippet).toContain('"api": "https://other.example.com"');
    } finally {
      await configured.close();
    }
  });

  it('answers 404 for an unknown source and 400 for a non-http api URL', async () => {
    const missing = await app.inject({ url: '/api/sources/nope/snippet' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('source_not_found');
    const bad = await app.inject({ url: '/api/sources/shop/snippet?api=javascript:alert(1)' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/api/);
  });
});
