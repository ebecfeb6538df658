/** Build → `npm pack` → integrity → signature: the steps `sign` and `publish` share. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildPlugin } from '../../build/index.ts';
import { computeIntegrity, readPrivateKeyFile, signPackage, type PackageSignature } from '../../signing/index.ts';
import { CliError } from '../types.ts';

/** A packed and signed plugin. */
export interface SignedPack {
  packageJson: Record<string, unknown>;
  tarball: Buffer;
  filename: string;
  integrity: string;
  signature: PackageSignature;
  readme: string;
}

/** Builds and packs the plugin in `dir`, then signs `name@version:integrity` with the key in `keyFile`. */
export async function packAndSign(dir: string, keyFile: string, passphrase?: string): Promise<SignedPack> {
  if (!existsSync(keyFile)) throw new CliError(`no publisher key at ${keyFile}; create one with "tessera-plugin keygen" or pass --key <file>`);
  let key;
  try {
    key = readPrivateKeyFile(keyFile, passphrase);
  } catch (err) {
    throw new CliError(`cannot read the publisher key ${keyFile}: ${(err as Error).message} (encrypted keys need --passphrase-env VAR)`);
  }
  try {
    await buildPlugin(dir);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  const dest = mkdtempSync(path.join(tmpdir(), 'tessera-plugin-pack-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const res = spawnSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dest], { cwd: dir, encoding: 'utf8' });
    if (res.status !== 0) throw new CliError(`npm pack failed: ${res.stderr || res.error?.message}`);
    const [info] = JSON.parse(res.stdout) as Array<{ filename: string }>;
    const filename = path.basename(info.filename.replace(/^@/, '').replace('/', '-'));
    const tarball = readFileSync(path.join(dest, filename));
    const packageJson = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const integrity = computeIntegrity(tarball);
    const signature = signPackage({ name: String(packageJson.name), version: String(packageJson.version), integrity }, key.privateKey);
    const readmeFile = path.join(dir, 'README.md');
    return { packageJson, tarball, filename, integrity, signature, readme: existsSync(readmeFile) ? readFileSync(readmeFile, 'utf8') : '' };
  } finally {
    rmSync(dest, { recursive: true, force: true });
  }
}
