import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFIG_SPEC, loadConfig } from './index.ts';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig({}, '/srv/tessera');
    expect(c).toMatchObject({ port: 8686, dataDir: '/srv/tessera/data', storage: 'sqlite', exposeGuiApi: true, production: false, trackMaxBodyBytes: 1_048_576, trackMaxEvents: 500 });
    expect(c.secret).toBeUndefined();
  });

  it('reports every invalid variable at once, by name', () => {
    let message = '';
    try {
      loadConfig({ PORT: '70000', PRODUCTION: 'perhaps', TRACK_MAX_EVENTS: '-1', TESSERA_SECRET: 'short' });
    } catch (err) {
      message = (err as Error).message;
      expect((err as { code: string }).code).toBe('config_invalid');
    }
    expect(message).toContain('PORT must be between 0 and 65535');
    expect(message).toContain('PRODUCTION must be "yes" or "no"');
    expect(message).toContain('TRACK_MAX_EVENTS must be a whole number');
    expect(message).toContain('TESSERA_SECRET must be at least 16 characters');
  });

  it('takes PUBLIC_URL as a base URL and refuses one with a query or another scheme', () => {
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_URL: 'https://collect.example.com/cdp' }).publicUrl).toBe('https://collect.example.com/cdp');
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://collect.example.com' })).toThrow(/PUBLIC_URL must be an http\(s\) URL/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://collect.example.com/?x=1' })).toThrow(/PUBLIC_URL must be a base URL/);
  });

  it('accepts yes/no spellings operators use', () => {
    expect(loadConfig({ EXPOSE_GUI_API: 'NO', PRODUCTION: 'true' })).toMatchObject({ exposeGuiApi: false, production: true });
  });

  it('the README documents every configuration variable', () => {
    const readme = fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8');
    const missing = Object.values(CONFIG_SPEC).map((s) => s.env).filter((env) => !readme.includes(`\`${env}\``));
    expect(missing).toEqual([]);
  });
});
