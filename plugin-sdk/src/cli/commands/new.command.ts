import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeConfigTypes } from '../../build/config-types.ts';
import { validateManifest } from '../../manifest/validate-manifest.ts';
import type { Manifest } from '../../manifest/manifest.types.ts';
import { gitignore, indexTestTs, indexTs, packageJson, readme, vitestConfig } from '../templates/scaffold.ts';
import type { ScaffoldVars } from '../templates/scaffold.ts';
import { CliError } from '../types.ts';
import type { CliCommand } from '../types.ts';

const SDK_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const NPM_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;
/**
 * What may already be in the target folder: an npm project where the SDK was just installed (`npm init -y` and
 * `npm install -D @tessera/plugin-sdk`, with the `.npmrc` naming the Tessera registry), so `new .` works there.
 */
const NPM_PROJECT_FILES = new Set(['package.json', 'package-lock.json', 'node_modules', '.npmrc', '.git']);

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function titleFrom(name: string): string {
  const base = name.replace(/^@[^/]+\//, '').replace(/^(tessera-)?plugin-/, '');
  return base.split(/[-_.]/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') || 'My plugin';
}

/** `tessera-plugin new <dir>`: scaffold a working plugin package with a test. */
export const command: CliCommand = {
  summary: 'scaffold a working plugin package (manifest, source, a sandbox test) in <dir>',
  usage: 'tessera-plugin new <dir> [--name <npm-name>] [--kind action|bridge|destination]',
  async run(args, io) {
    const positional = args.filter((a, i) => !a.startsWith('-') && !['--name', '--kind'].includes(args[i - 1] ?? ''));
    if (positional.length !== 1) throw new CliError('give exactly one folder: tessera-plugin new <dir>');
    const dir = path.resolve(io.cwd, positional[0]);
    const present = existsSync(dir) ? readdirSync(dir) : [];
    if (present.some((f) => !NPM_PROJECT_FILES.has(f))) throw new CliError(`${dir} exists and is not empty`);
    const existing = readExistingPackage(dir);
    const name = option(args, '--name') ?? (existing && typeof existing.name === 'string' && NPM_NAME.test(existing.name) ? existing.name : path.basename(dir).toLowerCase());
    if (!NPM_NAME.test(name)) throw new CliError(`"${name}" is not a valid npm package name (use --name)`);
    const kind = (option(args, '--kind') ?? 'action') as ScaffoldVars['kind'];
    if (!['action', 'bridge', 'destination'].includes(kind)) throw new CliError('--kind must be action, bridge or destination');
    const vars: ScaffoldVars = { name, title: titleFrom(name), kind, sdkVersion: SDK_VERSION };

    mkdirSync(path.join(dir, 'src'), { recursive: true });
    const pkg = existing ? mergeInto(existing, packageJson(vars)) : packageJson(vars);
    writeFileSync(path.join(dir, 'package.json'), pkg);
    writeFileSync(path.join(dir, 'src/index.ts'), indexTs(vars));
    writeFileSync(path.join(dir, 'src/index.test.ts'), indexTestTs());
    writeFileSync(path.join(dir, 'README.md'), readme(vars));
    writeFileSync(path.join(dir, '.gitignore'), gitignore());
    writeFileSync(path.join(dir, 'vitest.config.js'), vitestConfig());
    const checked = validateManifest((JSON.parse(pkg) as { tessera: unknown }).tessera);
    await writeConfigTypes(dir, (checked as { manifest: Manifest }).manifest);
    const cd = path.relative(io.cwd, dir) ? `  cd ${path.relative(io.cwd, dir)}\n` : '';
    io.out(`created ${name} in ${dir}\n\nnext:\n${cd}${existing ? '' : '  npm install\n'}  npm test`);
    return 0;
  },
};

function readExistingPackage(dir: string): Record<string, unknown> | undefined {
  const file = path.join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (pkg && typeof pkg === 'object' && !Array.isArray(pkg)) return pkg as Record<string, unknown>;
  } catch { /* fall through */ }
  throw new CliError(`${file} is not valid JSON`);
}

/** The scaffold's package.json, keeping the dependencies already installed (e.g. the exact SDK range npm wrote). */
function mergeInto(existing: Record<string, unknown>, scaffold: string): string {
  const next = JSON.parse(scaffold) as Record<string, Record<string, string> | unknown>;
  const deps = (key: string) => (existing[key] && typeof existing[key] === 'object' ? existing[key] as Record<string, string> : {});
  next.devDependencies = { ...(next.devDependencies as Record<string, string>), ...deps('devDependencies') };
  if (Object.keys(deps('dependencies')).length) next.dependencies = deps('dependencies');
  return `${JSON.stringify(next, null, 2)}\n`;
}
