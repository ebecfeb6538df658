/** Profile locks shared with /track: a job holding them never races a request updating the same profiles. */
import type { Locks } from '../../coord/index.ts';
import { lockKeys, TRACK_LOCK_TTL_MS } from '../../pipeline/run.ts';

/** The lock key /track uses for a profile. */
export function profileLockKey(profileId: string): string {
  return lockKeys({ sessionId: null, profileId })[0]!;
}

/**
 * Runs `fn` holding the /track lock of every profile, acquired in sorted order so two jobs never wait on each other
 * in opposite orders (/track holds at most one profile lock after its session lock, so it cannot close a cycle).
 */
export function withProfileLocks<T>(locks: Locks, profileIds: readonly string[], fn: () => Promise<T>): Promise<T> {
  const keys = [...new Set(profileIds)].sort().map(profileLockKey);
  return keys.reduceRight<() => Promise<T>>((inner, key) => () => locks.withLock(key, TRACK_LOCK_TTL_MS, inner), fn)();
}
