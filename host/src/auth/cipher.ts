/** AES-256-GCM encryption of secrets at rest (source secrets, plugin credentials). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { unexpectedError } from '../errors/index.ts';

/** Encrypts and decrypts short strings with the installation key. */
export interface Cipher {
  /** `v1.<iv>.<tag>.<ciphertext>` in base64url; a fresh IV each time. */
  encrypt(plain: string): string;
  /** Reverses `encrypt`; throws `secret_undecryptable` when the key changed or the value was tampered with. */
  decrypt(sealed: string): string;
}

/** A cipher bound to a 32-byte key. */
export function createCipher(key: Buffer): Cipher {
  if (key.length !== 32) throw new RangeError('AES-256 needs a 32-byte key');
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64url'), c.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
    },
    decrypt(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      try {
        if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a v1 sealed value');
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(body, 'base64url')), d.final()]).toString('utf8');
      } catch (err) {
        throw unexpectedError('secret_undecryptable', 'A stored secret cannot be decrypted: was TESSERA_SECRET or the data folder key changed?', err);
      }
    },
  };
}
