/**
 * A small client for any npm-compatible registry: packuments, tarballs, login, publish and search.
 * Used by the host installer, the marketplace index, the seeder and `tessera-plugin publish`.
 */
export * from './client.ts';
export * from './publish.ts';
export * from './npmrc.ts';
