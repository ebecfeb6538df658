/**
 * Publisher signatures for Tessera plugin packages (one place for the primitives; the CLI, the marketplace seeder and
 * the host installer all use these).
 *
 * A signature is Ed25519 over the UTF-8 payload `name@version:integrity` — the same payload npm uses for registry
 * signatures — where `integrity` is the sha512 SRI of the exact tarball. It travels in the package's registry metadata
 * (the version object's `tesseraSignature` field), never inside the tarball, because the tarball's hash is what it signs.
 */
export * from './integrity.ts';
export * from './keys.ts';
export * from './signature.ts';
