import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATION_ID } from './runner.ts';
import { SQLITE_MIGRATIONS } from './sqlite/index.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const ADAPTERS = fs.readdirSync(here, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
const migrationFiles = (adapter: string): string[] =>
  fs.readdirSync(path.join(here, adapter)).filter((f) => /^\d{12}-.*\.ts$/.test(f) && !f.endsWith('.test.ts')).map((f) => f.slice(0, -3)).sort();

describe('migration layout', () => {
  it('registers every SQLite migration file under its own name, in id order', () => {
    expect(SQLITE_MIGRATIONS.map((m) => m.id)).toEqual(migrationFiles('sqlite'));
    for (const m of SQLITE_MIGRATIONS) {
      expect(m.id).toMatch(MIGRATION_ID);
      expect(m.description.length).toBeGreaterThan(0);
      expect(typeof m.up).toBe('function');
    }
  });

  it('gives every adapter the same migration ids', () => {
    expect(ADAPTERS).toContain('sqlite');
    for (const adapter of ADAPTERS) expect({ adapter, ids: migrationFiles(adapter) }).toEqual({ adapter, ids: migrationFiles('sqlite') });
  });
});
