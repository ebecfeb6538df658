/**
 * Fetch-on-miss: install records live in the shared store, package bytes in each host's own content-addressed store.
 * When a host is asked for an installed version whose bytes it lacks (a worker or a second collector with its own
 * data folder), it downloads the tarball from the configured registry and admits it only if it is byte for byte the
 * package that was installed — the sha512 integrity RECORDED at install, not whatever the registry declares now —
 * and if it passes the same content, signature and trust checks as an install (with the recorded override, if any).
 * Concurrent requests for the same package share one download.
 */
import { integrityMatches } from '@tessera/plugin-sdk/signing';
import type { RegistryClient } from '@tessera/marketplace/registry';
import { isTesseraError, operationalError, unexpectedError, type TesseraErrorShape } from '../../errors/index.ts';
import type { ContentStore } from '../cas.ts';
import type { InstalledPlugin } from '../catalog.types.ts';
import { fetchRegistryCandidate } from '../registry-source.ts';
import type { TrustStore } from '../trust.ts';
import { checkPackage } from './package-check.ts';
import { judgeSignature } from './signature.ts';

/** What fetching needs. */
export interface FetchMissingDeps {
  cas: ContentStore;
  trust: TrustStore;
  /** The configured registry; null when the installation runs without one. */
  registry: RegistryClient | null;
  /** Told after each fetch (for logs); never throws into the load. */
  onFetched?: (event: { plugin: string; integrity: string; registry: string; ms: number }) => void;
  /** How long a failed fetch answers with its error before the registry is asked again (default 5 s). */
  retryAfterMs?: number;
}

/** Ensures the package of an install record is in the local store; resolves once it is. */
export type EnsureLocal = (record: InstalledPlugin) => Promise<void>;

/**
 * Creates the fetcher. Downloads of the same integrity in flight are shared, and a failure is remembered for a few
 * seconds: every event of a flow whose package cannot be fetched must not send its own request to the registry.
 */
export function createFetchMissing(deps: FetchMissingDeps): EnsureLocal {
  const retryAfterMs = deps.retryAfterMs ?? 5000;
  const inFlight = new Map<string, Promise<void>>();
  const failed = new Map<string, { at: number; error: unknown }>();
  return (record) => {
    if (deps.cas.has(record.integrity)) return Promise.resolve();
    const key = `${record.id}:${record.integrity}`;
    const recent = failed.get(key);
    if (recent && Date.now() - recent.at < retryAfterMs) return Promise.reject(recent.error);
    let p = inFlight.get(key);
    if (!p) {
      p = fetchInto(deps, record).then(
        () => { failed.delete(key); },
        (error: unknown) => {
          if (failed.size >= 1000) failed.clear();
          failed.set(key, { at: Date.now(), error });
          throw error;
        },
      ).finally(() => inFlight.delete(key));
      inFlight.set(key, p);
    }
    return p;
  };
}

async function fetchInto(deps: FetchMissingDeps, record: InstalledPlugin): Promise<void> {
  const id = record.id;
  const registry = deps.registry;
  if (!registry) {
    throw operationalError('plugin_package_unavailable',
      `plugin ${id} is installed, but its package is not in this host's plugin store and no registry is configured to fetch it from`, 503, { plugin: id });
  }
  const t0 = performance.now();
  let candidate;
  try {
    candidate = await fetchRegistryCandidate(registry, record.name, record.version);
  } catch (err) {
    throw explain(err, id, registry.url);
  }
  const { tarball } = candidate;
  // The recorded integrity is what was verified and signed at install; the registry's metadata could have changed since.
  if (!integrityMatches(record.integrity, tarball)) {
    throw unexpectedError('plugin_integrity_mismatch',
      `plugin ${id}: the registry ${registry.url} serves a tarball that does not match the integrity recorded at install (tampered or republished); refused`,
      undefined, { plugin: id, recorded: record.integrity, registry: registry.url });
  }
  let checked;
  try {
    checked = checkPackage(tarball, record.name, record.version);
    await judgeSignature(deps.trust, record.name, record.version, record.integrity, candidate.signature, {
      actor: 'system:fetch',
      // The administrator's recorded override admits what it admitted at install; a trusted record never gets one.
      ...(record.override ? { allowUntrusted: { reason: record.override.reason } } : {}),
    });
  } catch (err) {
    throw refused(err, id, registry.url);
  }
  deps.cas.put(record.integrity, tarball, checked.files);
  deps.onFetched?.({ plugin: id, integrity: record.integrity, registry: registry.url, ms: Math.round(performance.now() - t0) });
}

/** Not found in the registry, or the registry failing: an operational error naming the plugin. */
function explain(err: unknown, id: string, registry: string): TesseraErrorShape {
  if (!isTesseraError(err)) throw err;
  if (err.code === 'plugin_not_found' || err.code === 'plugin_version_not_found') {
    return operationalError('plugin_package_unavailable',
      `plugin ${id} is installed, but its package is not in this host's plugin store and the registry ${registry} does not have it (removed there, or this host uses another registry); reinstall or remove the plugin`,
      503, { plugin: id, registry, registryCode: err.code }, err);
  }
  if (err.kind === 'operational') {
    return operationalError(err.code, `plugin ${id} could not be fetched: ${err.message}`, err.status, { plugin: id, registry }, err);
  }
  return refused(err, id, registry);
}

/** A package that fails install-time checks on fetch: never loaded, reported as a broken installation (not a caller's mistake). */
function refused(err: unknown, id: string, registry: string): TesseraErrorShape {
  if (!isTesseraError(err)) throw err;
  return unexpectedError(err.code, `plugin ${id} fetched from ${registry} was refused: ${err.message}`, err, { plugin: id, registry });
}
