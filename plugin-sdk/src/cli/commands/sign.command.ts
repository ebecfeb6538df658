import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { keyFile, passphrase, positionals, option } from '../internal/signing-args.ts';
import { packAndSign } from '../internal/pack-and-sign.ts';
import type { CliCommand } from '../types.ts';

/** `tessera-plugin sign [dir]`: build, pack and sign, writing the tarball and its signature beside each other. */
export const command: CliCommand = {
  summary: 'build, pack and sign the plugin: writes <name>-<version>.tgz and <name>-<version>.tgz.sig.json',
  usage: 'tessera-plugin sign [dir] [--key <file>] [--passphrase-env <VAR>] [--out <folder>]',
  async run(args, io) {
    const dir = path.resolve(io.cwd, positionals(args, ['--key', '--passphrase-env', '--out'])[0] ?? '.');
    const out = path.resolve(io.cwd, option(args, '--out') ?? dir);
    const signed = await packAndSign(dir, keyFile(args, io), passphrase(args));
    const tgz = path.join(out, signed.filename);
    writeFileSync(tgz, signed.tarball);
    const record = { name: signed.packageJson.name, version: signed.packageJson.version, integrity: signed.integrity, signature: signed.signature };
    writeFileSync(`${tgz}.sig.json`, JSON.stringify(record, null, 2) + '\n');
    io.out(`signed ${record.name}@${record.version}`);
    io.out(`  tarball:   ${tgz}`);
    io.out(`  integrity: ${signed.integrity}`);
    io.out(`  key id:    ${signed.signature.keyId}`);
    io.out(`  signature: ${tgz}.sig.json`);
    return 0;
  },
};
