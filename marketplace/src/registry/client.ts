/** Reading from an npm-compatible registry. Errors carry a `status` (HTTP status, or 0 when unreachable). */
import { packagePath, RegistryError } from '@tessera/plugin-sdk/publish';

/** The subset of a packument version object Tessera reads. Extra fields (the manifest, the signature) are kept. */
export interface PackumentVersion extends Record<string, unknown> {
  name: string;
  version: string;
  keywords?: string[];
  description?: string;
  readme?: string;
  dist: { tarball: string; integrity?: string; shasum?: string };
}

/** A registry's document for one package name. */
export interface Packument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, PackumentVersion>;
  time?: Record<string, string>;
  readme?: string;
  _rev?: string;
}

/** Options of {@link createRegistryClient}. */
export interface RegistryClientOptions {
  /** Base URL of the registry, e.g. `http://127.0.0.1:4873`. */
  url: string;
  /** Bearer token for reading (registries that require auth to read). */
  token?: string;
  /** Per-request timeout in ms (default 30 s). */
  timeoutMs?: number;
  /** Largest tarball accepted, in bytes (default 50 MB). */
  maxTarballBytes?: number;
}

/** Read access to one registry. */
export interface RegistryClient {
  readonly url: string;
  /** The packument of `name`, or null when the registry does not have it. */
  packument(name: string): Promise<Packument | null>;
  /** Downloads a tarball by URL. */
  tarball(url: string): Promise<Buffer>;
  /** Names found by the registry's search endpoint for `text` (best effort: [] when search fails). */
  search(text: string, size?: number): Promise<string[]>;
}

/** Creates a client for `options.url`. */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBytes = options.maxTarballBytes ?? 50 * 1024 * 1024;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;

  async function get(url: string, accept?: string): Promise<Response> {
    try {
      return await fetch(url, { headers: { ...headers, ...(accept ? { accept } : {}) }, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new RegistryError(`registry ${base} is unreachable: ${(err as Error).message}`, 0, { cause: err });
    }
  }

  return {
    url: base,
    async packument(name) {
      const res = await get(`${base}/${packagePath(name)}`);
      if (res.status === 404) return null;
      if (!res.ok) throw new RegistryError(`registry answered ${res.status} for ${name}`, res.status);
      return (await res.json()) as Packument;
    },
    async tarball(url) {
      const res = await get(url, 'application/octet-stream');
      if (!res.ok) throw new RegistryError(`registry answered ${res.status} for the tarball ${url}`, res.status);
      const length = Number(res.headers.get('content-length') ?? 0);
      if (length > maxBytes) throw new RegistryError(`tarball ${url} is larger than ${maxBytes} bytes`, 413);
      const bytes = Buffer.from(await res.arrayBuffer());
      if (bytes.length > maxBytes) throw new RegistryError(`tarball ${url} is larger than ${maxBytes} bytes`, 413);
      return bytes;
    },
    async search(text, size = 250) {
      try {
        const res = await get(`${base}/-/v1/search?text=${encodeURIComponent(text)}&size=${size}`);
        if (!res.ok) return [];
        const body = (await res.json()) as { objects?: Array<{ package?: { name?: string } }> };
        return (body.objects ?? []).map((o) => o.package?.name).filter((n): n is string => typeof n === 'string');
      } catch {
        return [];
      }
    },
  };
}
