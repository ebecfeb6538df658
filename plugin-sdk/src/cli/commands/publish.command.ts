import path from 'node:path';
import { findNpmToken, publishPackage, RegistryError } from '../../publish/index.ts';
import { keyFile, option, passphrase, positionals } from '../internal/signing-args.ts';
import { packAndSign } from '../internal/pack-and-sign.ts';
import { CliError } from '../types.ts';
import type { CliCommand } from '../types.ts';

/** `tessera-plugin publish`: build, pack, sign and publish with the signature in the registry metadata. */
export const command: CliCommand = {
  summary: 'build, pack, sign and publish the plugin to a Tessera registry (signature travels in the registry metadata)',
  usage: 'tessera-plugin publish [dir] [--registry <url>] [--key <file>] [--passphrase-env <VAR>] [--token-env <VAR>] [--tag <tag>]\n'
    + '  registry: --registry, else $TESSERA_REGISTRY (never npm\'s default registry, so nothing goes public by accident); token: $<VAR> from --token-env, else $TESSERA_REGISTRY_TOKEN, else the one `npm login --registry <url>` saved in .npmrc',
  async run(args, io) {
    const valued = ['--registry', '--key', '--passphrase-env', '--token-env', '--tag'];
    const dir = path.resolve(io.cwd, positionals(args, valued)[0] ?? '.');
    // Deliberately not $npm_config_registry: under `npm run` that is npmjs.org, and a private plugin must never go public.
    const registry = option(args, '--registry') ?? process.env.TESSERA_REGISTRY;
    if (!registry || !/^https?:\/\//.test(registry)) throw new CliError('give the Tessera registry: --registry http://<tessera-host>:4873 (or set TESSERA_REGISTRY)');
    const tokenEnv = option(args, '--token-env');
    const token = (tokenEnv ? process.env[tokenEnv] : undefined) ?? process.env.TESSERA_REGISTRY_TOKEN ?? findNpmToken(registry, dir);
    if (!token) throw new CliError(`not logged in to ${registry}: run "npm login --registry ${registry}" with the registry user your Tessera administrator created`);
    const signed = await packAndSign(dir, keyFile(args, io), passphrase(args));
    try {
      await publishPackage({ registry, token, packageJson: signed.packageJson, tarball: signed.tarball, signature: signed.signature, readme: signed.readme, tag: option(args, '--tag') ?? 'latest' });
    } catch (err) {
      if (err instanceof RegistryError) {
        const hint = err.status === 401 || err.status === 403 ? ' (log in again with npm login, or ask your administrator for a registry user)'
          : err.status === 409 ? ' (this version exists already: bump "version" in package.json)' : '';
        throw new CliError(`${err.message}${hint}`);
      }
      throw err;
    }
    io.out(`published ${signed.packageJson.name}@${signed.packageJson.version} to ${registry}`);
    io.out(`  integrity: ${signed.integrity}`);
    io.out(`  signed by: ${signed.signature.keyId}`);
    return 0;
  },
};
