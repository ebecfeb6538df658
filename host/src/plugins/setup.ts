/**
 * Start-up of the plugin domain for one host: the registry (embedded Verdaccio, or REGISTRY_URL), the plugin service,
 * registry users, and — in the background, so the host serves at once — seeding of the first-party plugins and their
 * installation from the registry through the regular install path.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { createRegistryClient, loginToRegistry } from '@tessera/marketplace/registry';
import { seedRegistry, type SeedOutcome } from '@tessera/marketplace/seed';
import { listWorkspacePlugins } from '@tessera/marketplace/workspace';
import type { Config } from '../config/index.ts';
import { resolveSecretKey } from '../config/secret-key.ts';
import { isTesseraError } from '../errors/index.ts';
import type { Store } from '../storage/index.ts';
import type { Bus } from '../coord/port.ts';
import { DESTINATIONS_CHANNEL } from '../destinations/destinations.service.ts';
import type { CatalogChange } from './catalog.types.ts';
import { createPluginService, type PluginService } from './service.ts';
import { createRegistryUsers, SEED_USER, type RegistryUsers } from './registry-users.ts';

/** Bus channel on which hosts announce plugin installs, removals, enables and disables. */
export const PLUGINS_CHANNEL = 'plugins';

/** Progress of the start-up seeding, shown by `GET /api/marketplace/status`. */
export interface SeedStatus {
  state: 'disabled' | 'running' | 'done' | 'failed';
  published: SeedOutcome[];
  installed: Array<{ name: string; version: string; ok: boolean; error?: string }>;
  error?: string;
}

/** The plugin domain of one host. */
export interface PluginDomain {
  service: PluginService;
  /** Where plugins come from. */
  registry: { url: string; embedded: boolean };
  users: RegistryUsers;
  seed: SeedStatus;
  /** See {@link PluginService.upgradeNodes}. */
  upgradeNodes: PluginService['upgradeNodes'];
  /** Resolves when start-up seeding and installs finished (successfully or not). */
  seeded: Promise<SeedStatus>;
  close(): Promise<void>;
}

/** Starts the registry (when embedded) and the plugin service; seeding runs in the background. */
export async function createPluginDomain(config: Config, store: Store, log: Logger, bus?: Bus): Promise<PluginDomain> {
  let embedded: import('@tessera/marketplace/verdaccio').SharedRegistry | null = null;
  let listLocalNames: (() => string[]) | undefined;
  let registryFingerprint: (() => string) | undefined;
  if (!config.registryUrl) {
    const verdaccio = await import('@tessera/marketplace/verdaccio');
    try {
      embedded = await verdaccio.openSharedRegistry({
        dataDir: config.dataDir, port: config.registryPort, host: config.registryHost,
        uplinks: config.registryUplink ? { upstream: config.registryUplink } : {},
        logLevel: 'error',
      });
    } catch (err) {
      const inUse = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      throw new Error(inUse
        ? `the embedded plugin registry cannot listen on port ${config.registryPort}: it is in use (set REGISTRY_PORT, or REGISTRY_URL to use another registry)`
        : `the embedded plugin registry did not start: ${(err as Error).message}`, { cause: err });
    }
    const storageDir = embedded.storageDir;
    listLocalNames = () => verdaccio.listStoredPackageNames(storageDir);
    registryFingerprint = () => verdaccio.storageFingerprint(storageDir);
    log.info({ registry: embedded.url, owner: embedded.owner },
      embedded.owner ? 'embedded plugin registry started' : 'using the plugin registry another host runs on this data folder');
  }
  try {
    return await assemble(config, store, log, embedded, listLocalNames, registryFingerprint, bus);
  } catch (err) {
    // Nothing else would stop the registry this host just started.
    await embedded?.close();
    throw err;
  }
}

async function assemble(config: Config, store: Store, log: Logger, embedded: import('@tessera/marketplace/verdaccio').SharedRegistry | null,
  listLocalNames: (() => string[]) | undefined, registryFingerprint: (() => string) | undefined, bus?: Bus): Promise<PluginDomain> {
  const url = embedded?.url ?? config.registryUrl!;
  const registry = createRegistryClient({ url });
  // The first-party private key is always encrypted at rest, with the installation key (TESSERA_SECRET or the
  // generated data-folder key), on top of mode 0600.
  const secret = resolveSecretKey(config.secret, config.dataDir, log).toString('hex');
  const service = await createPluginService({
    store, dataDir: config.dataDir, secret, registry, listLocalNames, registryFingerprint,
    // External registries are polled at most every 30 s on reads; the embedded one is watched through its storage.
    indexMaxAgeMs: embedded ? 60_000 : 30_000,
    // The embedded setup trusts its own key, and so does an installation that seeds an external registry itself
    // (REGISTRY_TOKEN); otherwise the administrator decides which first-party key to trust (POST /api/plugins/trust).
    trustFirstPartyKey: embedded !== null || (config.registrySeed && Boolean(config.registryToken)),
    onListenerError: (err) => log.error({ err }, 'a plugin catalog listener failed'),
    onPackageFetched: (e) => log.info(e, 'fetched an installed plugin package missing from this host\'s plugin store'),
  });
  // Other hosts of the installation drop isolate pools of removed or disabled versions too.
  let unsubscribe: (() => unknown) | null = null;
  if (bus) {
    // A destination disabled by a forced uninstall must stop on every host now, not when a cache expires.
    const disableDestination = service.flowHooks.disableDestination;
    service.flowHooks.disableDestination = async (id, reason) => {
      await disableDestination(id, reason);
      await bus.publish(DESTINATIONS_CHANNEL, { id }).catch((err: unknown) => log.warn({ err }, 'could not announce a disabled destination'));
    };
    const origin = randomUUID();
    service.changes.subscribe((change) => {
      if (change.origin) return;
      void bus.publish(PLUGINS_CHANNEL, { ...change, origin }).catch((err: unknown) => log.warn({ err }, 'could not announce a plugin change'));
    });
    unsubscribe = await bus.subscribe(PLUGINS_CHANNEL, (m) => {
      const change = m as CatalogChange;
      if (change && change.origin !== origin && typeof change.name === 'string') service.changes.emit(change);
    });
  }
  const users = createRegistryUsers({ store, registryUrl: url, htpasswdFile: embedded?.htpasswdFile ?? null });

  const seed: SeedStatus = { state: config.registrySeed ? 'running' : 'disabled', published: [], installed: [] };
  const seeded = config.registrySeed ? runSeed() : Promise.resolve(seed);

  async function runSeed(): Promise<SeedStatus> {
    try {
      let token: string | undefined = config.registryToken;
      if (embedded) {
        const verdaccio = await import('@tessera/marketplace/verdaccio');
        // One seeding password per data folder (0600), so hosts sharing the folder never rotate it under each other.
        const password = verdaccio.seedPassword(config.dataDir, verdaccio.generateRegistryPassword);
        try {
          token = await loginToRegistry(url, SEED_USER, password);
        } catch {
          verdaccio.setHtpasswdUser(embedded.htpasswdFile, SEED_USER, password);
          token = await loginToRegistry(url, SEED_USER, password);
        }
      }
      if (token) {
        seed.published = await seedRegistry({ registry: url, token, privateKey: service.firstPartyKey.privateKey });
        for (const o of seed.published) {
          if (o.status === 'failed') log.error({ plugin: `${o.name}@${o.version}`, error: o.error }, 'seeding a first-party package failed');
          if (o.status === 'present-differs') log.warn({ plugin: `${o.name}@${o.version}` }, 'the registry holds this first-party version with other contents; bump its version to publish the change');
        }
      } else {
        log.warn({ registry: url }, 'REGISTRY_TOKEN is not set: first-party plugins are not published to the external registry');
      }
      for (const p of listWorkspacePlugins()) {
        if (await service.catalog.has(p.name, p.version)) continue;
        try {
          await service.installFromRegistry(p.name, p.version, { actor: 'system:seed' });
          seed.installed.push({ name: p.name, version: p.version, ok: true });
        } catch (err) {
          const message = isTesseraError(err) ? `${err.code}: ${err.message}` : String(err);
          seed.installed.push({ name: p.name, version: p.version, ok: false, error: message });
          log.error({ plugin: `${p.name}@${p.version}`, error: message }, 'installing a first-party plugin failed');
        }
      }
      await service.index?.sync().catch((err: unknown) => log.warn({ err }, 'marketplace index sync failed'));
      seed.state = 'done';
    } catch (err) {
      seed.state = 'failed';
      seed.error = (err as Error).message;
      log.error({ err }, 'seeding the plugin registry failed');
    }
    return seed;
  }

  return {
    service, registry: { url, embedded: embedded !== null }, users, seed, seeded, upgradeNodes: service.upgradeNodes,
    async close() {
      await seeded.catch(() => undefined);
      await unsubscribe?.();
      await embedded?.close();
    },
  };
}
