/**
 * Reads npm package tarballs (gzip + ustar/pax) fully in memory.
 *
 * We parse the archive ourselves instead of extracting with a general-purpose tool so that only regular files with
 * safe relative paths ever reach the disk: links, devices, absolute paths and `..` are refused, and the unpacked size is
 * capped (a gzip bomb fails before it fills memory).
 */
import { gunzipSync } from 'node:zlib';

/** Files of a package tarball, keyed by their path inside the package (the leading `package/` folder removed). */
export type PackageFiles = Map<string, Buffer>;

/** Limits on what a tarball may unpack to. */
export interface TarballLimits {
  maxUnpackedBytes: number;
  maxEntries: number;
}

/** Default limits: plugins are single bundled files plus metadata, so 50 MB and 2000 entries are generous. */
export const DEFAULT_TARBALL_LIMITS: TarballLimits = { maxUnpackedBytes: 50 * 1024 * 1024, maxEntries: 2000 };

/** A tarball that cannot be read safely; `reason` says why. */
export class TarballError extends Error {
  override name = 'TarballError';
}

/** Unpacks a `.tgz` into memory, refusing anything unsafe. Throws {@link TarballError}. */
export function readPackageTarball(tgz: Uint8Array, limits: TarballLimits = DEFAULT_TARBALL_LIMITS): PackageFiles {
  let tar: Buffer;
  try {
    tar = gunzipSync(tgz, { maxOutputLength: limits.maxUnpackedBytes + 1024 * 1024 });
  } catch (err) {
    throw new TarballError(`tarball is not valid gzip or unpacks beyond the limit: ${(err as Error).message}`);
  }
  const files: PackageFiles = new Map();
  let offset = 0;
  let paxPath: string | null = null;
  let longName: string | null = null;
  let entries = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseOctal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] || 48);
    const dataStart = offset + 512;
    const dataEnd = dataStart + size;
    if (dataEnd > tar.length) throw new TarballError('tarball is truncated');
    const data = tar.subarray(dataStart, dataEnd);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (++entries > limits.maxEntries) throw new TarballError(`tarball has more than ${limits.maxEntries} entries`);

    if (type === 'x') { paxPath = parsePaxPath(data); continue; }
    if (type === 'g') continue;
    if (type === 'L') { longName = cString(data); continue; }
    let name = paxPath ?? longName ?? headerName(header);
    paxPath = null;
    longName = null;
    if (type === '5') continue;
    if (type !== '0' && type !== '\0' && type !== '7') {
      throw new TarballError(`tarball entry ${name} is not a regular file (type ${JSON.stringify(type)}); links are refused`);
    }
    name = stripFirstSegment(safePath(name));
    if (name === '') continue;
    files.set(name, Buffer.from(data));
  }
  let total = 0;
  for (const f of files.values()) total += f.length;
  if (total > limits.maxUnpackedBytes) throw new TarballError(`tarball unpacks to more than ${limits.maxUnpackedBytes} bytes`);
  return files;
}

/** Reads and parses `package.json` from unpacked files; throws {@link TarballError} when missing or not JSON. */
export function readPackageJson(files: PackageFiles): Record<string, unknown> {
  const raw = files.get('package.json');
  if (!raw) throw new TarballError('tarball has no package/package.json');
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch (err) {
    throw new TarballError(`package.json is not valid JSON: ${(err as Error).message}`);
  }
}

/** Normalises an entry path inside a package and refuses absolute paths and `..` (returns e.g. `dist/index.js`). */
export function safePath(name: string): string {
  const clean = name.replace(/\\/g, '/').replace(/^\.\//, '');
  if (clean.startsWith('/') || /^[A-Za-z]:/.test(clean)) throw new TarballError(`tarball entry has an absolute path: ${name}`);
  const parts = clean.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) throw new TarballError(`tarball entry escapes the package: ${name}`);
  return parts.join('/');
}

function stripFirstSegment(p: string): string {
  const i = p.indexOf('/');
  return i < 0 ? '' : p.slice(i + 1);
}

function headerName(h: Buffer): string {
  const name = cString(h.subarray(0, 100));
  const magic = h.subarray(257, 262).toString('latin1');
  const prefix = magic === 'ustar' ? cString(h.subarray(345, 500)) : '';
  return prefix ? `${prefix}/${name}` : name;
}

function cString(b: Buffer): string {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
}

function parseOctal(b: Buffer): number {
  // Sizes over 8 GB use base-256; npm packages never do, and we refuse them as corrupt.
  if (b[0] & 0x80) throw new TarballError('tarball entry size uses base-256 encoding');
  const s = cString(b).trim();
  const n = s === '' ? 0 : parseInt(s, 8);
  if (!Number.isFinite(n) || n < 0) throw new TarballError('tarball header is corrupt');
  return n;
}

function parsePaxPath(data: Buffer): string | null {
  let i = 0;
  let found: string | null = null;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.subarray(i, sp).toString('latin1'), 10);
    if (!Number.isFinite(len) || len <= 0) break;
    const record = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === 'path') found = record.slice(eq + 1);
    i += len;
  }
  return found;
}
