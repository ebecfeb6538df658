import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  computeIntegrity, generatePublisherKeyPair, integrityMatches, integrityToKey, keyIdOf, readPrivateKeyFile, readSignature,
  signaturePayload, signPackage, verifyPackageSignature, writeKeyPairFiles,
} from './index.ts';

const dir = mkdtempSync(join(tmpdir(), 'tessera-signing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('package signatures', () => {
  const pair = generatePublisherKeyPair();
  const bytes = Buffer.from('a tarball');
  const subject = { name: '@acme/plugin-x', version: '1.2.3', integrity: computeIntegrity(bytes) };

  it('signs exactly name@version:integrity and verifies with the public key', () => {
    expect(signaturePayload(subject).toString()).toBe(`@acme/plugin-x@1.2.3:${subject.integrity}`);
    const sig = signPackage(subject, pair.privateKeyPem);
    expect(sig).toMatchObject({ alg: 'ed25519', keyId: pair.keyId });
    expect(verifyPackageSignature(subject, sig, pair.publicKeyPem)).toBe(true);
  });

  it('fails for another version, another tarball, another key or a damaged signature', () => {
    const sig = signPackage(subject, pair.privateKeyPem);
    expect(verifyPackageSignature({ ...subject, version: '1.2.4' }, sig, pair.publicKeyPem)).toBe(false);
    expect(verifyPackageSignature({ ...subject, integrity: computeIntegrity(Buffer.from('other')) }, sig, pair.publicKeyPem)).toBe(false);
    expect(verifyPackageSignature(subject, sig, generatePublisherKeyPair().publicKeyPem)).toBe(false);
    expect(verifyPackageSignature(subject, { ...sig, sig: 'AAAA' }, pair.publicKeyPem)).toBe(false);
  });

  it('reads only well-formed signature records from registry metadata', () => {
    const sig = signPackage(subject, pair.privateKeyPem);
    expect(readSignature({ tesseraSignature: sig })).toEqual(sig);
    expect(readSignature({ tesseraSignature: { ...sig, alg: 'rsa' } })).toBeNull();
    expect(readSignature({})).toBeNull();
  });

  it('writes the private key owner-only and, with a passphrase, encrypted', () => {
    const locked = generatePublisherKeyPair('open sesame');
    const file = join(dir, 'k', 'publisher.key');
    writeKeyPairFiles(file, locked);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(locked.privateKeyPem).toContain('ENCRYPTED PRIVATE KEY');
    expect(() => readPrivateKeyFile(file)).toThrow();
    expect(readPrivateKeyFile(file, 'open sesame').keyId).toBe(keyIdOf(locked.publicKeyPem));
    expect(() => writeKeyPairFiles(file, locked)).toThrow(/EEXIST/);
  });
});

describe('integrity', () => {
  it('matches only the sha512 of the exact bytes, ignoring weaker algorithms', () => {
    const bytes = Buffer.from('abc');
    const sri = computeIntegrity(bytes);
    expect(integrityMatches(sri, bytes)).toBe(true);
    expect(integrityMatches(sri, Buffer.from('abd'))).toBe(false);
    expect(integrityMatches('sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0=', bytes)).toBe(false);
    expect(integrityMatches(`sha1-qZk+NkcGgWq6PiVxeFDCbJzQ2J0= ${sri}`, bytes)).toBe(true);
    expect(integrityToKey(sri)).toMatch(/^sha512-[0-9a-f]{128}$/);
    expect(() => integrityToKey('sha512-../../etc')).toThrow();
  });
});
