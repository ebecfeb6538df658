// The published form of the SDK: JavaScript that Node runs from inside node_modules (where it refuses to strip
// types), declarations whose imports resolve, and a package.json that points only at files that exist.
import { spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishedPackageJson, rewriteSpecifiers, SDK_DIR, stageSdkForPublish } from './release.ts';

let stage: string;
let pkg: Record<string, any>;
const work = mkdtempSync(path.join(os.tmpdir(), 'tessera-sdk-release-'));

beforeAll(async () => {
  stage = await stageSdkForPublish();
  pkg = JSON.parse(readFileSync(path.join(stage, 'package.json'), 'utf8'));
}, 120_000);
afterAll(() => {
  rmSync(stage, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

describe('the published SDK', () => {
  it('holds JavaScript and declarations, never sources or tests', () => {
    const all = files(stage);
    expect(all).toContain('dist/index.js');
    expect(all).toContain('dist/index.d.ts');
    expect(all).toContain('dist/cli/cli.js');
    expect(all).toContain('dist/runtime/internal/prelude.js');
    expect(all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(all.filter((f) => /\.test\.(js|ts|d\.ts)$/.test(f))).toEqual([]);
    expect(all.some((f) => f.startsWith('src/') || f.startsWith('scripts/'))).toBe(false);
  });

  it('points exports, types and bin at files that exist, and drops what only the repository needs', () => {
    for (const [key, target] of Object.entries(pkg.exports as Record<string, string>)) {
      if (key.includes('*')) continue;
      expect(existsSync(path.join(stage, target)), `${key} → ${target}`).toBe(true);
      expect(existsSync(path.join(stage, target.replace(/\.js$/, '.d.ts'))), `${key} types`).toBe(true);
    }
    expect(pkg.exports['./release']).toBeUndefined();
    expect(existsSync(path.join(stage, pkg.types))).toBe(true);
    expect(existsSync(path.join(stage, pkg.bin['tessera-plugin']))).toBe(true);
    expect(pkg.scripts).toBeUndefined();
    expect(pkg.devDependencies).toBeUndefined();
  });

  it('imports, at run time, only relative .js files, Node built-ins and declared dependencies', () => {
    const declared = new Set(Object.keys(pkg.dependencies));
    const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
    const problems: string[] = [];
    // Types may name what the declared dependencies bring (vitest's config type comes from vite). The scaffold's
    // templates hold a plugin's imports as text, not as imports of the SDK.
    const typeOnly = new Set(['isolated-vm', 'vite']);
    for (const f of files(path.join(stage, 'dist')).filter((x) => (x.endsWith('.js') || x.endsWith('.d.ts')) && !x.startsWith('cli/templates/'))) {
      const code = readFileSync(path.join(stage, 'dist', f), 'utf8');
      for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s+)["']([^"']+)["']/gm)) {
        const spec = m[1];
        if (spec.startsWith('.')) {
          const resolved = path.join(stage, 'dist', path.dirname(f), f.endsWith('.d.ts') ? spec.replace(/\.js$/, '.d.ts') : spec);
          if (!spec.endsWith('.js') || !existsSync(resolved)) problems.push(`${f}: ${spec}`);
        } else if (!builtins.has(spec)) {
          const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
          if (!declared.has(name) && !(f.endsWith('.d.ts') && typeOnly.has(name))) problems.push(`${f}: ${spec} is not a dependency`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('runs its CLI from under node_modules, where Node refuses to strip types', () => {
    const installed = path.join(work, 'project', 'node_modules', '@tessera', 'plugin-sdk');
    mkdirSync(path.dirname(installed), { recursive: true });
    cpSync(stage, installed, { recursive: true });
    // Its dependencies, as npm would place them next to it.
    for (const dep of Object.keys(pkg.dependencies)) {
      const from = path.join(SDK_DIR, '..', 'node_modules', dep);
      const to = path.join(work, 'project', 'node_modules', dep);
      if (existsSync(from) && !existsSync(to)) {
        mkdirSync(path.dirname(to), { recursive: true });
        symlinkSync(from, to);
      }
    }
    const res = spawnSync(process.execPath, [path.join(installed, 'bin/tessera-plugin.js'), '--help'], { cwd: path.join(work, 'project'), encoding: 'utf8' });
    expect(res.stderr).not.toMatch(/ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING/);
    expect(res.status, res.stderr).toBe(0);
    for (const cmd of ['new', 'build', 'test', 'pack', 'keygen', 'sign', 'publish']) expect(res.stdout).toMatch(new RegExp(`\\n  ${cmd}\\s`));
  });

  it('packs to the same bytes when nothing changed (a published version never changes)', async () => {
    const again = await stageSdkForPublish();
    try {
      for (const f of files(stage)) expect(readFileSync(path.join(again, f)).equals(readFileSync(path.join(stage, f))), f).toBe(true);
      expect(files(again).sort()).toEqual(files(stage).sort());
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});

describe('publish build helpers', () => {
  it('rewrites relative .ts specifiers only', () => {
    const code = `import { a } from "./a.ts";\nexport * from '../b/index.ts';\nimport "./side.ts";\nconst c = await import("./c.mts");\nimport x from "pkg/x.ts";\nconst s = "./not-an-import.ts";`;
    expect(rewriteSpecifiers(code)).toBe(`import { a } from "./a.js";\nexport * from '../b/index.js';\nimport "./side.js";\nconst c = await import("./c.mjs");\nimport x from "pkg/x.ts";\nconst s = "./not-an-import.ts";`);
  });

  it('maps the workspace exports to dist', () => {
    const out = publishedPackageJson({ name: 'x', exports: { '.': './src/index.ts', './a': './src/a/index.ts', './release': './scripts/release.ts', './*': './src/*' }, scripts: { build: 'b' } });
    expect(out.exports).toEqual({ '.': './dist/index.js', './a': './dist/a/index.js', './*': './dist/*' });
    expect(out.types).toBe('./dist/index.d.ts');
    expect(out.files).toEqual(['bin', 'dist']);
  });
});
