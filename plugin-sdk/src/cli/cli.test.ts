// Black-box round trip of the real `tessera-plugin` binary: new → build → test → pack, plus its failure messages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLE_BANNER } from '../build/bundle.ts';

const BIN = fileURLToPath(new URL('../../bin/tessera-plugin.js', import.meta.url));
const work = mkdtempSync(path.join(os.tmpdir(), 'tessera-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function cli(args: string[], cwd = work) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('tessera-plugin CLI', () => {
  const dir = path.join(work, 'greeter');

  it('new scaffolds a plugin package whose own tests pass in the real sandbox (new → build → test → pack)', () => {
    const created = cli(['new', 'greeter']);
    expect(created.code, created.err).toBe(0);
    expect(created.out).toContain('created greeter');
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.keywords).toContain('tessera-plugin');
    expect(pkg.tessera).toMatchObject({ apiVersion: '1', kind: 'action', entry: 'dist/plugin.js' });

    const built = cli(['build'], dir);
    expect(built.code, built.err).toBe(0);
    expect(built.out).toMatch(/built greeter@0\.1\.0: dist\/plugin\.js/);
    const bundle = readFileSync(path.join(dir, 'dist/plugin.js'), 'utf8');
    expect(bundle.startsWith(`${BUNDLE_BANNER}\n`)).toBe(true);
    expect(bundle).toMatch(/__tesseraExport\(\w+\);\n\}\)\(\);\n$/);
    // The SDK comes from the sandbox's library, not a copy in every bundle.
    expect(bundle).toContain('__tesseraSdk("root")');
    expect(bundle).not.toMatch(/function definePlugin/);
    expect(readFileSync(path.join(dir, 'src/config.d.ts'), 'utf8')).toMatch(/export interface Config \{\s+greeting\?: string;\s+tagVisitor\?: boolean;/);

    const tested = cli(['test'], dir);
    expect(tested.code, tested.out + tested.err).toBe(0);
    expect(tested.out).toMatch(/3 passed/);

    const packed = cli(['pack'], dir);
    expect(packed.code, packed.err).toBe(0);
    expect(existsSync(path.join(dir, 'greeter-0.1.0.tgz'))).toBe(true);
    const list = spawnSync('tar', ['tzf', path.join(dir, 'greeter-0.1.0.tgz')], { encoding: 'utf8' }).stdout;
    expect(list.split('\n').sort()).toEqual(expect.arrayContaining(['package/dist/plugin.js', 'package/package.json']));
  });

  it('test fails when the plugin misbehaves (the tests really run the bundle)', () => {
    const src = path.join(dir, 'src/index.ts');
    writeFileSync(src, readFileSync(src, 'utf8').replace('`${ctx.config.greeting', '`Bye ${ctx.config.greeting'));
    const tested = cli(['test'], dir);
    expect(tested.code).not.toBe(0);
    expect(tested.out + tested.err).toMatch(/1 failed/);
  });

  it('build names every manifest problem by field path', () => {
    const pkgFile = path.join(dir, 'package.json');
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    pkg.tessera.permissions.profile = 'admin';
    pkg.tessera.limits.timeoutMs = -1;
    writeFileSync(pkgFile, JSON.stringify(pkg));
    const built = cli(['build'], dir);
    expect(built.code).toBe(1);
    expect(built.err).toContain('tessera.permissions.profile: must be one of "none", "read", "write"');
    expect(built.err).toContain('tessera.limits.timeoutMs: must be >= 1');
    expect(built.err).not.toMatch(/\n\s+at /);
  });

  it('build refuses Node built-ins with a hint', () => {
    const other = path.join(work, 'fs-user');
    expect(cli(['new', 'fs-user']).code).toBe(0);
    writeFileSync(path.join(other, 'src/index.ts'), "import { readFileSync } from 'node:fs';\nimport { definePlugin } from '@tessera/plugin-sdk';\nexport default definePlugin({ run() { return { port: 'payload', payload: readFileSync('/etc/hostname', 'utf8') }; } });\n");
    const built = cli(['build'], other);
    expect(built.code).toBe(1);
    expect(built.err).toMatch(/"node:fs" is a Node built-in; plugins run in a sandbox without Node APIs/);
  });

  it('build loads the bundle and refuses one without a plugin default export', () => {
    const other = path.join(work, 'no-default');
    expect(cli(['new', 'no-default']).code).toBe(0);
    writeFileSync(path.join(other, 'src/index.ts'), "import { definePlugin } from '@tessera/plugin-sdk';\nexport const plugin = definePlugin({ run() {} });\n");
    const built = cli(['build'], other);
    expect(built.code).toBe(1);
    expect(built.err).toMatch(/dist\/plugin\.js: the bundle does not export a definePlugin\(\.\.\.\) result as default/);
  });

  it('new . fills an npm project where the SDK was just installed, keeping its name and installed dependencies', () => {
    const project = path.join(work, 'outside-project');
    mkdirSync(path.join(project, 'node_modules'), { recursive: true });
    writeFileSync(path.join(project, '.npmrc'), '@tessera:registry=http://registry.example:4873/\n');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'acme-greeter', version: '1.0.0', scripts: { test: 'echo no test' }, devDependencies: { '@tessera/plugin-sdk': '^0.1.0', typescript: '^5.9.0' } }));
    const created = cli(['new', '.'], project);
    expect(created.code, created.err).toBe(0);
    const pkg = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name: 'acme-greeter', version: '0.1.0', scripts: { test: 'tessera-plugin test' }, tessera: { title: 'Acme Greeter' } });
    expect(pkg.devDependencies).toEqual({ '@tessera/plugin-sdk': '^0.1.0', typescript: '^5.9.0' });
    expect(readFileSync(path.join(project, '.npmrc'), 'utf8')).toContain('@tessera:registry=');
    expect(existsSync(path.join(project, 'src/index.test.ts'))).toBe(true);

    const cluttered = path.join(work, 'cluttered');
    mkdirSync(cluttered);
    writeFileSync(path.join(cluttered, 'package.json'), '{}');
    writeFileSync(path.join(cluttered, 'notes.txt'), 'mine');
    expect(cli(['new', '.'], cluttered).err).toMatch(/exists and is not empty/);
    expect(readFileSync(path.join(cluttered, 'package.json'), 'utf8')).toBe('{}');
  });

  it('new refuses a non-empty folder and an invalid name; unknown commands list the known ones', () => {
    expect(cli(['new', 'greeter']).err).toMatch(/exists and is not empty/);
    expect(cli(['new', 'Bad Name!']).err).toMatch(/not a valid npm package name/);
    const unknown = cli(['publishh']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/unknown command "publishh" \(commands: .*build.*new.*pack.*test/);
    expect(cli(['--help']).out).toMatch(/build\s+validate the manifest/);
  });
});
