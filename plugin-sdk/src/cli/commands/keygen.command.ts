import { existsSync } from 'node:fs';
import { generatePublisherKeyPair, writeKeyPairFiles } from '../../signing/index.ts';
import { keyFile, passphrase } from '../internal/signing-args.ts';
import { CliError } from '../types.ts';
import type { CliCommand } from '../types.ts';

/** `tessera-plugin keygen`: create an Ed25519 publisher key pair. */
export const command: CliCommand = {
  summary: 'create an Ed25519 publisher key pair (private key mode 0600) and print the public key to give to Tessera administrators',
  usage: 'tessera-plugin keygen [--key <file>] [--passphrase-env <VAR>]   (default file: $TESSERA_PUBLISHER_KEY or ~/.tessera/publisher.key)',
  async run(args, io) {
    const file = keyFile(args, io);
    if (existsSync(file)) throw new CliError(`${file} already exists; refusing to overwrite a key (move it away first)`);
    const secret = passphrase(args);
    const pair = generatePublisherKeyPair(secret);
    const written = writeKeyPairFiles(file, pair);
    io.out(`private key: ${written.privateKeyFile} (mode 0600${secret ? ', encrypted with your passphrase' : ', not encrypted: keep it safe'})`);
    io.out(`public key:  ${written.publicKeyFile}`);
    io.out(`key id:      ${pair.keyId}`);
    io.out('');
    io.out('Ask a Tessera administrator to trust this public key (POST /api/plugins/trust or `tessera plugins trust`):');
    io.out(pair.publicKeyPem.trimEnd());
    return 0;
  },
};
