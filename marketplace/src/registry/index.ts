/**
 * A small client for any npm-compatible registry: packuments, tarballs and search; publishing and login come from the
 * SDK (one implementation for `tessera-plugin publish` and for seeding).
 */
export * from './client.ts';
export { RegistryError, packagePath, publishPackage, loginToRegistry, findNpmToken } from '@tessera/plugin-sdk/publish';
export type { PublishInput } from '@tessera/plugin-sdk/publish';
