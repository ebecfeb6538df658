/**
 * Signature and trust judgement shared by the installer and the catalog's fetch of a missing package, so that a
 * package fetched later on another host passes exactly the checks it passed at install, never weaker ones.
 */
import { verifyPackageSignature, type PackageSignature } from '@tessera/plugin-sdk/signing';
import { userError } from '../../errors/index.ts';
import type { InstallOverride, SignatureStatus } from '../catalog.types.ts';
import type { TrustStore } from '../trust.ts';

/** Names reserved for packages signed by a first-party key. */
export function isFirstPartyName(name: string): boolean {
  return name.startsWith('@tessera/');
}

/** How a signature was judged. */
export interface Verdict {
  status: SignatureStatus;
  keyId: string | null;
  publisher: string | null;
  override?: InstallOverride;
}

/** Judges a package signature against the trust store exactly as an install does; throws a 422 naming the refusal. */
export async function judgeSignature(trust: TrustStore, name: string, version: string, integrity: string,
  signature: PackageSignature | null, options: { actor: string; allowUntrusted?: { reason: string } }): Promise<Verdict> {
  const id = `${name}@${version}`;
  const subject = { name, version, integrity };
  const key = signature ? await trust.get(signature.keyId) : null;
  if (signature && key && !verifyPackageSignature(subject, signature, key.publicKeyPem)) {
    // A signature by a trusted key that does not verify means the metadata or the tarball was altered: never overridable.
    throw userError('plugin_signature_invalid', `${id}: the signature by ${key.publisher} (${key.id}) does not match the package; nothing was installed`, 422, { keyId: key.id });
  }
  if (isFirstPartyName(name)) {
    const firstParty = await trust.firstPartyKeyIds();
    if (!signature || !key || !firstParty.includes(key.id)) {
      throw userError('plugin_first_party_impersonation',
        `${id} uses the first-party @tessera/ scope but is not signed by the Tessera first-party key; nothing was installed`, 422,
        { keyId: signature?.keyId ?? null });
    }
  }
  if (signature && key) return { status: 'trusted', keyId: key.id, publisher: key.publisher };

  const reason = options.allowUntrusted?.reason?.trim();
  if (!reason) {
    if (!signature) {
      throw userError('plugin_unsigned', `${id} is not signed; an administrator may install it only with an explicit override`, 422);
    }
    throw userError('plugin_untrusted_publisher',
      `${id} is signed by ${signature.keyId}, a key this installation does not trust; trust the key or install with an explicit override`, 422,
      { keyId: signature.keyId });
  }
  const override: InstallOverride = { by: options.actor, at: new Date().toISOString(), reason };
  return signature
    ? { status: 'override-untrusted', keyId: signature.keyId, publisher: null, override }
    : { status: 'override-unsigned', keyId: null, publisher: null, override };
}
