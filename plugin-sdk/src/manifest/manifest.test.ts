import { describe, expect, it } from 'vitest';
import { validateConfig, validateManifest, SUPPORTED_API_VERSIONS } from './index.ts';
import type { Manifest } from './index.ts';

const minimal = { apiVersion: '1', kind: 'action', title: 'T', entry: 'dist/plugin.js' };

describe('validateManifest', () => {
  it('fills in defaults (least privilege) without touching the input', () => {
    const input = structuredClone(minimal);
    const r = validateManifest(input);
    expect(r.ok).toBe(true);
    const m = (r as { manifest: Manifest }).manifest;
    expect(m.permissions).toEqual({ network: [], profile: 'none', session: 'none', event: 'none', pii: false, consent: [], resources: [], kv: 'none', mail: false });
    expect(m.limits).toEqual({ timeoutMs: 1000, memoryMb: 64 });
    expect(m.inputs).toEqual(['payload']);
    expect(m.outputs).toEqual(['payload']);
    expect(input).toEqual(minimal);
  });

  it('names every wrong field by path', () => {
    const r = validateManifest({
      ...minimal, kind: 'widget', entry: '../escape.js', outputs: ['ok', 'ok'],
      permissions: { profile: 'admin', network: ['http://x.com'], sudo: true }, limits: { timeoutMs: 0 },
    });
    expect(r.ok).toBe(false);
    const paths = r.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['kind', 'entry', 'outputs', 'permissions.profile', 'permissions.network.0', 'permissions.sudo', 'limits.timeoutMs']));
    expect(r.errors.find((e) => e.path === 'kind')!.message).toBe('must be one of "action", "bridge", "destination"');
    expect(r.errors.find((e) => e.path === 'permissions.sudo')!.message).toBe('is not allowed');
  });

  it('reports missing required fields', () => {
    const r = validateManifest({ apiVersion: '1' });
    expect(r.errors.map((e) => e.path).sort()).toEqual(['entry', 'kind', 'title']);
  });

  it('refuses an unsupported apiVersion and an invalid config schema', () => {
    expect(SUPPORTED_API_VERSIONS).toContain('1');
    const r = validateManifest({ ...minimal, apiVersion: '99', config: { type: 'object', properties: { a: { type: 'nonsense' } } } });
    expect(r.errors.map((e) => e.path)).toEqual(['apiVersion', 'config']);
    expect(r.errors[0].message).toContain('not supported');
  });

  it('accepts network patterns: exact, wildcard and bracketed IPv6', () => {
    expect(validateManifest({ ...minimal, permissions: { network: ['api.example.com', '*.example.org', '127.0.0.1', '[::1]'] } }).ok).toBe(true);
  });
});

describe('validateConfig', () => {
  const manifest = validateManifest({
    ...minimal,
    config: {
      type: 'object', required: ['url'], additionalProperties: false,
      properties: {
        url: { type: 'string', format: 'uri' },
        method: { type: 'string', enum: ['GET', 'POST'], default: 'GET' },
        retry: { type: 'object', properties: { times: { type: 'integer', default: 2 } }, default: {} },
      },
    },
  });
  const m = (manifest as { manifest: Manifest }).manifest;

  it('applies defaults, nested ones included', () => {
    const r = validateConfig(m, { url: 'https://example.com/x' });
    expect(r).toEqual({ valid: true, errors: [], value: { url: 'https://example.com/x', method: 'GET', retry: { times: 2 } } });
  });

  it('returns per-field errors', () => {
    const r = validateConfig(m, { method: 'PUT', extra: 1, retry: { times: 'x' } });
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual(expect.arrayContaining([
      { path: 'url', message: 'is required' },
      { path: 'method', message: 'must be one of "GET", "POST"' },
      { path: 'extra', message: 'is not allowed' },
      { path: 'retry.times', message: 'must be integer' },
    ]));
  });

  it('checks formats and refuses non-objects', () => {
    expect(validateConfig(m, { url: 'not a url' }).errors).toEqual([{ path: 'url', message: 'must match format "uri"' }]);
    expect(validateConfig(m, [1]).errors[0].message).toContain('must be an object');
  });
});
