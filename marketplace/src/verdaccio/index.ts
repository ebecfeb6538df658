/**
 * The embedded registry: Verdaccio 6 started in-process (`runServer`) when no `REGISTRY_URL` is configured.
 *
 * - storage and the htpasswd file live under `<dataDir>/registry/`;
 * - no uplinks unless some are given, so the registry is hermetic by default;
 * - reading is open, publishing and unpublishing need an authenticated registry user;
 * - self-registration is off (`max_users: -1`): an administrator creates registry users (see `users.ts`);
 * - tokens are Verdaccio's legacy tokens, which are re-checked against htpasswd on every request, so deleting a user
 *   or rotating its password revokes its tokens at once (JWTs would stay valid until they expire).
 */
export * from './server.ts';
export * from './users.ts';
export * from './storage.ts';
export * from './shared.ts';
