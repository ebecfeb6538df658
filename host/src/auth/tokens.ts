/** Bearer tokens: random, shown once, stored only as a SHA-256 hash, expiring. */
import { createHash, randomBytes } from 'node:crypto';
import type { Store } from '../storage/index.ts';
import type { User } from '../users/user.schema.ts';

/** A stored token (configuration kind `tokens`); `id` is the hash of the token. */
export interface StoredToken {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Issues a token for `user`, valid for `ttlSeconds`. */
export async function issueToken(store: Store, user: Pick<User, 'id'>, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
  const token = 'tsr_' + randomBytes(32).toString('base64url');
  const now = Date.now();
  const expiresAt = new Date(now + ttlSeconds * 1000).toISOString();
  await store.config<StoredToken>('tokens').put({ id: hashToken(token), userId: user.id, createdAt: new Date(now).toISOString(), expiresAt });
  return { token, expiresAt };
}

/** The user a token belongs to, or null when the token is unknown, expired, or its user was deleted. */
export async function userForToken(store: Store, token: string): Promise<User | null> {
  const stored = await store.config<StoredToken>('tokens').get(hashToken(token));
  if (!stored) return null;
  if (Date.parse(stored.expiresAt) <= Date.now()) {
    await store.config<StoredToken>('tokens').delete(stored.id);
    return null;
  }
  return store.config<User>('users').get(stored.userId);
}
