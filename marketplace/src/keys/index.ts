/**
 * The installation's first-party signing key: generated once per installation in the data folder, used to sign the
 * first-party plugins this installation seeds, and trusted by its host.
 *
 * At rest: the private key is a PKCS#8 PEM file with mode 0600. When a secret is configured (`TESSERA_SECRET`) the PEM
 * is also encrypted with it (AES-256-CBC, scrypt-derived by OpenSSL's PBES2); without one it is protected by file
 * permissions only, and {@link FirstPartyKey.encrypted} says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { generatePublisherKeyPair, readPrivateKeyFile, writeKeyPairFiles } from '@tessera/plugin-sdk/signing';

/** Publisher name shown for the first-party key. */
export const FIRST_PARTY_PUBLISHER = 'Tessera (first-party, this installation)';

/** The loaded first-party key. */
export interface FirstPartyKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
  file: string;
  encrypted: boolean;
}

/** Loads the first-party key from `<dataDir>/keys/first-party.key`, creating it on first use. */
export function loadOrCreateFirstPartyKey(dataDir: string, secret?: string): FirstPartyKey {
  const file = join(dataDir, 'keys', 'first-party.key');
  if (!existsSync(file)) writeKeyPairFiles(file, generatePublisherKeyPair(secret || undefined));
  try {
    const key = readPrivateKeyFile(file, secret || undefined);
    return { ...key, file, encrypted: readFileSync(file, 'utf8').includes('ENCRYPTED PRIVATE KEY') };
  } catch (err) {
    throw new Error(`cannot read the first-party signing key ${file}: ${(err as Error).message} (was TESSERA_SECRET changed?)`, { cause: err });
  }
}
