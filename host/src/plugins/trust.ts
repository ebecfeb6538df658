/**
 * The trust store: publisher public keys this installation accepts signatures from, kept in the store's
 * `trust-keys` collection. A key marked `firstParty` is the only one allowed to sign `@tessera/plugin-*` packages.
 */
import { keyIdOf, parsePublicKey } from '@tessera/plugin-sdk/signing';
import type { Store } from '../storage/index.ts';
import { userError } from '../errors/index.ts';

/** A trusted publisher key (document id = key id). */
export interface TrustedKey {
  id: string;
  publisher: string;
  publicKeyPem: string;
  firstParty: boolean;
  addedBy: string;
  addedAt: string;
}

/** Reads and changes the set of trusted publisher keys. */
export interface TrustStore {
  /** The trusted key with this id, or null. */
  get(keyId: string): Promise<TrustedKey | null>;
  /** Every trusted key. */
  list(): Promise<TrustedKey[]>;
  /** Key ids allowed to sign first-party (`@tessera/plugin-*`) packages. */
  firstPartyKeyIds(): Promise<string[]>;
  /** Trusts a public key (idempotent for the same key); refuses anything but an Ed25519 SPKI PEM with a 400. */
  add(input: { publisher: string; publicKeyPem: string; firstParty?: boolean; actor: string }): Promise<TrustedKey>;
  /** Stops trusting a key; false when it was not trusted. Installed packages stay installed. */
  remove(keyId: string): Promise<boolean>;
}

/** Creates the trust store over `store`. */
export function createTrustStore(store: Store): TrustStore {
  const keys = store.config<TrustedKey>('trust-keys');
  return {
    get: (keyId) => keys.get(keyId),
    async list() {
      const out: TrustedKey[] = [];
      let cursor: string | null = null;
      do {
        const page = await keys.search({ limit: 1000, cursor });
        out.push(...page.items);
        cursor = page.next;
      } while (cursor);
      return out;
    },
    async firstPartyKeyIds() {
      return (await this.list()).filter((k) => k.firstParty).map((k) => k.id);
    },
    async add({ publisher, publicKeyPem, firstParty = false, actor }) {
      if (typeof publisher !== 'string' || publisher.trim() === '') throw userError('trust_key_invalid', 'publisher: a name for the key owner is required', 400, { path: 'publisher' });
      let keyId: string;
      try {
        keyId = keyIdOf(parsePublicKey(publicKeyPem));
      } catch (err) {
        throw userError('trust_key_invalid', `publicKeyPem: not an Ed25519 public key in PEM form (${(err as Error).message})`, 400, { path: 'publicKeyPem' });
      }
      const existing = await keys.get(keyId);
      if (existing && existing.firstParty === firstParty && existing.publisher === publisher.trim()) return existing;
      const doc: TrustedKey = {
        id: keyId, publisher: publisher.trim(), publicKeyPem: publicKeyPem.trim() + '\n', firstParty,
        addedBy: existing?.addedBy ?? actor, addedAt: existing?.addedAt ?? new Date().toISOString(),
      };
      await keys.put(doc);
      return doc;
    },
    remove: (keyId) => keys.delete(keyId),
  };
}
