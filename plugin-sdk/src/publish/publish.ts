/**
 * Publishing a packed plugin with its publisher signature in the version metadata, and logging in.
 *
 * We send the publish document ourselves (what `npm publish` sends) because the signature covers the tarball's
 * integrity and so cannot live inside the tarball's package.json; it goes into the version object instead, where
 * Verdaccio and npm-compatible registries keep unknown fields.
 */
import { computeIntegrity, computeShasum, SIGNATURE_FIELD, type PackageSignature } from '../signing/index.ts';
import { packagePath, RegistryError } from './errors.ts';

/** What to publish. */
export interface PublishInput {
  registry: string;
  /** Bearer token of a registry user allowed to publish. */
  token: string;
  packageJson: Record<string, unknown>;
  tarball: Uint8Array;
  signature: PackageSignature | null;
  /** README text shown in the marketplace (defaults to none). */
  readme?: string;
  /** dist-tag to move (default `latest`; pass null to leave tags alone, e.g. for back-ports). */
  tag?: string | null;
}

/** Publishes one version. Throws {@link RegistryError} (409 when the version already exists). */
export async function publishPackage(input: PublishInput): Promise<{ integrity: string }> {
  const base = input.registry.replace(/\/+$/, '');
  const name = String(input.packageJson.name);
  const version = String(input.packageJson.version);
  const integrity = computeIntegrity(input.tarball);
  const file = `${name.replace(/^@[^/]+\//, '')}-${version}.tgz`;
  const versionDoc: Record<string, unknown> = {
    ...input.packageJson,
    _id: `${name}@${version}`,
    ...(input.readme ? { readme: input.readme } : {}),
    dist: { integrity, shasum: computeShasum(input.tarball), tarball: `${base}/${name}/-/${file}` },
  };
  if (input.signature) versionDoc[SIGNATURE_FIELD] = input.signature;
  const tag = input.tag === undefined ? 'latest' : input.tag;
  const body = {
    _id: name, name, description: input.packageJson.description,
    'dist-tags': tag ? { [tag]: version } : {},
    versions: { [version]: versionDoc },
    readme: input.readme ?? '',
    _attachments: { [file]: { content_type: 'application/octet-stream', data: Buffer.from(input.tarball).toString('base64'), length: input.tarball.length } },
  };
  let res: Response;
  try {
    res = await fetch(`${base}/${packagePath(name)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${input.token}` },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new RegistryError(`registry ${base} is unreachable: ${(err as Error).message}`, 0, { cause: err });
  }
  if (!res.ok) {
    const text = await res.text().catch(() => '');
    throw new RegistryError(`publishing ${name}@${version} to ${base} failed (${res.status}): ${errorText(text)}`, res.status);
  }
  return { integrity };
}

/** Logs in with a user name and password (npm's couchdb login) and returns the registry's bearer token. */
export async function loginToRegistry(registry: string, name: string, password: string): Promise<string> {
  const base = registry.replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}` },
      body: JSON.stringify({ _id: `org.couchdb.user:${name}`, name, password, type: 'user', roles: [], date: new Date().toISOString() }),
    });
  } catch (err) {
    throw new RegistryError(`registry ${base} is unreachable: ${(err as Error).message}`, 0, { cause: err });
  }
  const text = await res.text();
  if (!res.ok) throw new RegistryError(`login to ${base} as ${name} failed (${res.status}): ${errorText(text)}`, res.status);
  const token = (JSON.parse(text) as { token?: string }).token;
  if (!token) throw new RegistryError(`login to ${base} as ${name} returned no token`, 502);
  return token;
}

function errorText(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: string; message?: string };
    return parsed.error ?? parsed.message ?? text;
  } catch {
    return text.slice(0, 300);
  }
}
