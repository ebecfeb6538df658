import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createCipher } from './cipher.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('cipher', () => {
  it('round-trips, never repeats a ciphertext, and refuses tampered values or another key', () => {
    const cipher = createCipher(randomBytes(32));
    const a = cipher.encrypt('webhook-secret');
    expect(a).not.toContain('webhook-secret');
    expect(cipher.encrypt('webhook-secret')).not.toBe(a);
    expect(cipher.decrypt(a)).toBe('webhook-secret');
    const parts = a.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow(expect.objectContaining({ code: 'secret_undecryptable' }));
    expect(() => createCipher(randomBytes(32)).decrypt(a)).toThrow(expect.objectContaining({ code: 'secret_undecryptable' }));
  });
});

describe('passwords', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const h = await hashPassword('correct horse');
    expect(h.startsWith('scrypt$')).toBe(true);
    expect(await hashPassword('correct horse')).not.toBe(h);
    expect(await verifyPassword('correct horse', h)).toBe(true);
    expect(await verifyPassword('correct horsf', h)).toBe(false);
    expect(await verifyPassword('correct horse', 'garbage')).toBe(false);
  });
});
