/** Creating and finding users. */
import { randomUUID } from 'node:crypto';
import type { Store } from '../storage/index.ts';
import { userError } from '../errors/index.ts';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import type { User } from './user.schema.ts';

/** Users are a configuration collection. */
export function usersOf(store: Store) {
  return store.config<User & { id: string }>('users');
}

/** The user with this email (case-insensitive), or null. */
export async function findUserByEmail(store: Store, email: string): Promise<User | null> {
  const page = await usersOf(store).search({ filters: [{ field: 'email', op: 'eq', value: email.trim().toLowerCase() }], limit: 1 });
  return page.items[0] ?? null;
}

/** Creates a user; 409 `user_exists` when the email is taken. */
export async function createUser(store: Store, input: { email: string; password: string; role: Role }): Promise<User> {
  const email = input.email.trim().toLowerCase();
  if (await findUserByEmail(store, email)) throw userError('user_exists', `A user with email ${email} already exists`, 409, { field: 'email' });
  const now = new Date().toISOString();
  const user: User = { id: randomUUID(), email, role: input.role, passwordHash: await hashPassword(input.password), createdAt: now, updatedAt: now };
  await usersOf(store).put(user);
  return user;
}

/** Serialises first-admin creation per store, so two concurrent setups cannot both succeed. */
const setupChains = new WeakMap<Store, Promise<unknown>>();

/**
 * Creates the first admin, or fails with 409 `setup_done` when any user exists. Used by `POST /api/setup` and by the
 * TESSERA_ADMIN_* bootstrap.
 */
export function createFirstAdmin(store: Store, email: string, password: string): Promise<User> {
  const run = (setupChains.get(store) ?? Promise.resolve()).then(async () => {
    if ((await usersOf(store).count()) > 0) throw userError('setup_done', 'Setup is already done: a user exists. Log in with POST /api/auth/token.', 409);
    return createUser(store, { email, password, role: 'admin' });
  });
  setupChains.set(store, run.catch(() => undefined));
  return run;
}
