/** Signing and verifying `name@version:integrity` with Ed25519. */
import { sign, verify, type KeyObject } from 'node:crypto';
import { keyIdOf, parsePrivateKey, parsePublicKey, publicKeyPemOf } from './keys.ts';

/** The field of a registry version object that carries the publisher signature. */
export const SIGNATURE_FIELD = 'tesseraSignature';

/** The signature record stored in the registry metadata of one package version. */
export interface PackageSignature {
  /** Always `ed25519`; a closed value so a verifier never guesses the algorithm. */
  alg: 'ed25519';
  /** Fingerprint of the publisher public key (see {@link keyIdOf}). */
  keyId: string;
  /** Base64 Ed25519 signature over {@link signaturePayload}. */
  sig: string;
}

/** What a signature covers. */
export interface SignedSubject {
  name: string;
  version: string;
  integrity: string;
}

/** The exact bytes that are signed: `name@version:integrity` (npm's registry-signature payload). */
export function signaturePayload(subject: SignedSubject): Buffer {
  return Buffer.from(`${subject.name}@${subject.version}:${subject.integrity}`, 'utf8');
}

/** Signs a package subject with a private key (PEM, optionally encrypted, or a KeyObject). */
export function signPackage(subject: SignedSubject, privateKey: string | KeyObject, passphrase?: string): PackageSignature {
  const key = typeof privateKey === 'string' ? parsePrivateKey(privateKey, passphrase) : privateKey;
  const sig = sign(null, signaturePayload(subject), key).toString('base64');
  return { alg: 'ed25519', keyId: keyIdOf(publicKeyPemOf(key)), sig };
}

/** True when `signature` is a valid Ed25519 signature of `subject` by `publicKey`. */
export function verifyPackageSignature(subject: SignedSubject, signature: PackageSignature, publicKey: string | KeyObject): boolean {
  if (signature.alg !== 'ed25519' || typeof signature.sig !== 'string') return false;
  const key = typeof publicKey === 'string' ? parsePublicKey(publicKey) : publicKey;
  try {
    return verify(null, signaturePayload(subject), key, Buffer.from(signature.sig, 'base64'));
  } catch {
    return false;
  }
}

/** Reads a signature record from a registry version object, or null when absent or malformed. */
export function readSignature(versionObject: Record<string, unknown>): PackageSignature | null {
  const raw = versionObject[SIGNATURE_FIELD];
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (r.alg !== 'ed25519' || typeof r.keyId !== 'string' || typeof r.sig !== 'string') return null;
  return { alg: 'ed25519', keyId: r.keyId, sig: r.sig };
}
