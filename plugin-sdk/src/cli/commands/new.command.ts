import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeConfigTypes } from '../../build/config-types.ts';
import { validateManifest } from '../../manifest/validate-manifest.ts';
import type { Manifest } from '../../manifest/manifest.types.ts';
import { gitignore, indexTestTs, indexTs, packageJson, readme } from '../templates/scaffold.ts';
import type { ScaffoldVars } from '../templates/scaffold.ts';
import { CliError } from '../types.ts';
import type { CliCommand } from '../types.ts';

const SDK_VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
const NPM_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

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
    if (existsSync(dir) && readdirSync(dir).length > 0) throw new CliError(`${dir} exists and is not empty`);
    const name = option(args, '--name') ?? path.basename(dir).toLowerCase();
    if (!NPM_NAME.test(name)) throw new CliError(`"${name}" is not a valid npm package name (use --name)`);
    const kind = (option(args, '--kind') ?? 'action') as ScaffoldVars['kind'];
    if (!['action', 'bridge', 'destination'].includes(kind)) throw new CliError('--kind must be action, bridge or destination');
    const vars: ScaffoldVars = { name, title: titleFrom(name), kind, sdkVersion: SDK_VERSION };

    mkdirSync(path.join(dir, 'src'), { recursive: true });
    const pkg = packageJson(vars);
    writeFileSync(path.join(dir, 'package.json'), pkg);
    writeFileSync(path.join(dir, 'src/index.ts'), indexTs(vars));
    writeFileSync(path.join(dir, 'src/index.test.ts'), indexTestTs());
    writeFileSync(path.join(dir, 'README.md'), readme(vars));
    writeFileSync(path.join(dir, '.gitignore'), gitignore());
    const checked = validateManifest((JSON.parse(pkg) as { tessera: unknown }).tessera);
    await writeConfigTypes(dir, (checked as { manifest: Manifest }).manifest);
    io.out(`created ${name} in ${dir}\n\nnext:\n  cd ${path.relative(io.cwd, dir) || '.'}\n  npx tessera-plugin test`);
    return 0;
  },
};
