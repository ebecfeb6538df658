/**
 * Registry users and their tokens, created by an administrator for plugin developers. Only the embedded registry's
 * users can be managed here; with `REGISTRY_URL` the external registry manages its own users.
 *
 * A token is the registry's login token for the user. Verdaccio's (legacy) tokens are checked against the htpasswd
 * file on every request, so issuing a new token (which rotates the hidden password) or removing the user revokes
 * earlier tokens at once. The password is never stored by Tessera and is shown only once.
 */
import { generateRegistryPassword, listHtpasswdUsers, REGISTRY_USER_NAME, removeHtpasswdUser, setHtpasswdUser } from '@tessera/marketplace/verdaccio';
import { loginToRegistry } from '@tessera/marketplace/registry';
import { operationalError, userError } from '../errors/index.ts';
import type { Store } from '../storage/index.ts';
import { audit } from './internal/audit.ts';

/** The user the host itself publishes first-party plugins with; administrators cannot take this name. */
export const SEED_USER = 'tessera-seed';

/** A registry user as recorded in `registry-users` (no secret in it). */
export interface RegistryUser {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  tokenIssuedAt: string;
}

/** Credentials handed to the developer once. */
export interface RegistryCredentials {
  user: RegistryUser;
  registry: string;
  password: string;
  token: string;
  /** The line to add to `~/.npmrc` (what `npm login` would write). */
  npmrc: string;
}

/** Manages registry users. */
export interface RegistryUsers {
  list(): Promise<RegistryUser[]>;
  create(name: unknown, actor: string): Promise<RegistryCredentials>;
  issueToken(name: string, actor: string): Promise<RegistryCredentials>;
  remove(name: string, actor: string): Promise<boolean>;
}

/** Creates the manager for the embedded registry at `registryUrl` with its htpasswd file; `null` for an external one. */
export function createRegistryUsers(deps: { store: Store; registryUrl: string; htpasswdFile: string | null }): RegistryUsers {
  const records = deps.store.config<RegistryUser>('registry-users');
  function embeddedOnly(): string {
    if (!deps.htpasswdFile) {
      throw userError('registry_external', `registry users are managed by the external registry ${deps.registryUrl}, not by Tessera`, 409);
    }
    return deps.htpasswdFile;
  }
  async function credentials(user: RegistryUser, password: string): Promise<RegistryCredentials> {
    let token: string;
    try {
      token = await loginToRegistry(deps.registryUrl, user.name, password);
    } catch (err) {
      throw operationalError('registry_unavailable', `could not obtain a token from the registry: ${(err as Error).message}`, 502, undefined, err);
    }
    const u = new URL(deps.registryUrl);
    return { user, registry: deps.registryUrl, password, token, npmrc: `//${u.host}${u.pathname.replace(/\/?$/, '/')}:_authToken=${token}` };
  }
  return {
    async list() {
      const file = embeddedOnly();
      const present = new Set(listHtpasswdUsers(file));
      return (await records.search({ limit: 1000 })).items.filter((u) => present.has(u.name)).sort((a, b) => a.name.localeCompare(b.name));
    },
    async create(name, actor) {
      const file = embeddedOnly();
      if (typeof name !== 'string' || !REGISTRY_USER_NAME.test(name)) {
        throw userError('validation_failed', 'name: 2–64 characters, lower-case letters, digits, ".", "_" or "-", starting with a letter or digit', 400, { path: 'name' });
      }
      if (name === SEED_USER) throw userError('registry_user_reserved', `${SEED_USER} is reserved for Tessera itself`, 409, { path: 'name' });
      if (listHtpasswdUsers(file).includes(name)) throw userError('registry_user_exists', `registry user ${name} already exists`, 409, { path: 'name' });
      const password = generateRegistryPassword();
      const now = new Date().toISOString();
      const user: RegistryUser = { id: name, name, createdBy: actor, createdAt: now, tokenIssuedAt: now };
      setHtpasswdUser(file, name, password);
      await records.put(user);
      await audit(deps.store, actor, 'registry.user.create', name);
      return credentials(user, password);
    },
    async issueToken(name, actor) {
      const file = embeddedOnly();
      const user = await records.get(name);
      if (!user || !listHtpasswdUsers(file).includes(name)) throw userError('registry_user_not_found', `registry user ${name} does not exist`, 404);
      const password = generateRegistryPassword();
      setHtpasswdUser(file, name, password);
      const updated = { ...user, tokenIssuedAt: new Date().toISOString() };
      await records.put(updated);
      await audit(deps.store, actor, 'registry.user.token', name);
      return credentials(updated, password);
    },
    async remove(name, actor) {
      const file = embeddedOnly();
      if (name === SEED_USER) throw userError('registry_user_reserved', `${SEED_USER} is reserved for Tessera itself`, 409);
      const existed = removeHtpasswdUser(file, name);
      const recorded = await records.delete(name);
      if (existed || recorded) await audit(deps.store, actor, 'registry.user.remove', name);
      return existed || recorded;
    },
  };
}
