/** TESSERA_ADMIN_EMAIL / TESSERA_ADMIN_PASSWORD: create the first admin at start when no user exists yet. */
import { isTesseraError } from '../errors/index.ts';
import type { Services } from '../services.ts';
import { createFirstAdmin } from './users.service.ts';

/** Creates the configured admin if the installation has no user; never touches existing users. */
export async function bootstrapAdmin(services: Pick<Services, 'config' | 'store' | 'log'>): Promise<void> {
  const { adminEmail, adminPassword } = services.config;
  if (!adminEmail || !adminPassword) return;
  try {
    const user = await createFirstAdmin(services.store, adminEmail, adminPassword);
    services.log.info({ email: user.email }, 'created the first admin from TESSERA_ADMIN_EMAIL');
  } catch (err) {
    if (isTesseraError(err) && err.code === 'setup_done') {
      services.log.info('users exist already; TESSERA_ADMIN_EMAIL/PASSWORD ignored');
      return;
    }
    throw err;
  }
}
