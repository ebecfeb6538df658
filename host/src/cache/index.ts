/** Caches of values the host loads from the store and consults on every request. */
export { ttlCache, type TtlCache } from './ttl-cache.ts';
