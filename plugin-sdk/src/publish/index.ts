/**
 * Publishing signed plugins to an npm-compatible registry: the publish document with the signature in the version
 * metadata, couchdb login, and finding the token `npm login` stored. Used by `tessera-plugin publish` and by the
 * marketplace's seeding of first-party plugins.
 */
export * from './errors.ts';
export * from './publish.ts';
export * from './npmrc.ts';
