/** Ed25519 publisher key pairs: generation, PEM files, fingerprints. */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A publisher key pair as PEM text. `privateKeyPem` is PKCS#8, encrypted (AES-256-CBC) when a passphrase was given. */
export interface PublisherKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
  keyId: string;
}

/** Generates a new Ed25519 key pair; with `passphrase` the private key PEM is encrypted. */
export function generatePublisherKeyPair(passphrase?: string): PublisherKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: passphrase
      ? { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }
      : { type: 'pkcs8', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey, keyId: keyIdOf(publicKey) };
}

/** Parses a public key PEM and checks it is Ed25519. */
export function parsePublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 public key, got ${key.asymmetricKeyType}`);
  return key;
}

/** Parses a (possibly encrypted) private key PEM and checks it is Ed25519. */
export function parsePrivateKey(pem: string, passphrase?: string): KeyObject {
  const key = createPrivateKey(passphrase ? { key: pem, passphrase } : pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`expected an Ed25519 private key, got ${key.asymmetricKeyType}`);
  return key;
}

/** The public key PEM belonging to a private key. */
export function publicKeyPemOf(privateKey: KeyObject): string {
  return createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * A stable fingerprint of a public key, `SHA256:<base64, no padding>` over the DER SPKI (the OpenSSH style), so
 * administrators can compare keys by eye.
 */
export function keyIdOf(publicKey: string | KeyObject): string {
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  const der = key.export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}

/** Writes a key pair: the private key with mode 0600 (owner only), the public key beside it as `<file>.pub`. */
export function writeKeyPairFiles(privateKeyFile: string, pair: PublisherKeyPair): { privateKeyFile: string; publicKeyFile: string } {
  mkdirSync(dirname(privateKeyFile), { recursive: true });
  writeFileSync(privateKeyFile, pair.privateKeyPem, { mode: 0o600, flag: 'wx' });
  chmodSync(privateKeyFile, 0o600);
  const publicKeyFile = `${privateKeyFile}.pub`;
  writeFileSync(publicKeyFile, pair.publicKeyPem, { mode: 0o644 });
  return { privateKeyFile, publicKeyFile };
}

/** Reads a private key file (checking it is Ed25519) and returns the key with its public PEM and key id. */
export function readPrivateKeyFile(file: string, passphrase?: string): { privateKey: KeyObject; publicKeyPem: string; keyId: string } {
  const privateKey = parsePrivateKey(readFileSync(file, 'utf8'), passphrase);
  const publicKeyPem = publicKeyPemOf(privateKey);
  return { privateKey, publicKeyPem, keyId: keyIdOf(publicKeyPem) };
}
