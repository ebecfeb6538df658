/**
 * @tessera/marketplace: the registry side of Tessera's plugins. Import the sub-paths, so that only what is used gets
 * loaded (Verdaccio is heavy): `/verdaccio` (embedded registry, htpasswd users), `/registry` (client), `/seed`,
 * `/keys` (first-party key), `/workspace` (first-party plugin folders, packing), `/tarball` (safe tarball reading).
 */
export * from './registry/index.ts';
export * from './keys/index.ts';
export * from './tarball/index.ts';
