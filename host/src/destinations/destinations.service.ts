/**
 * Destinations as configuration: validation (the plugin is installed and of kind `destination`, the config fits its
 * schema, the condition parses, credentials are ones the plugin declares), storage with sealed credentials, and a
 * short-lived cache of the enabled ones for the pipeline stage, dropped on every change here and on other hosts.
 */
import { validateConfig } from '@tessera/plugin-sdk/manifest';
import { ttlCache, type TtlCache } from '../cache/index.ts';
import { parseCondition, type Expr } from '../condition/index.ts';
import { userError } from '../errors/index.ts';
import { normaliseEventType } from '../pipeline/stages/ids.ts';
import type { Services } from '../services.ts';
import { type DestinationUpdate, type StoredDestination } from './destination.schema.ts';
import { mergeResources, openResources, resourceKeys, sealResources } from './internal/resources.ts';

/** Bus channel announcing `{ id }` of a changed destination. */
export const DESTINATIONS_CHANNEL = 'destinations.changed';
/** How long a host may use its cached list of destinations without hearing of a change. */
const CACHE_TTL_MS = 2000;

/** An enabled destination ready for the pipeline stage: its condition parsed once. */
export interface ActiveDestination {
  destination: StoredDestination;
  condition: Expr | null;
}

type Deps = Pick<Services, 'store' | 'cipher' | 'plugins' | 'bus'>;
type FieldProblem = { in: 'body'; path: string; message: string };

/** The configuration collection. */
export function destinationRecords(services: Pick<Services, 'store'>) {
  return services.store.config<StoredDestination>('destinations');
}

/**
 * Builds the stored form of a create or update; throws 422 `invalid_destination` naming every problem field.
 * Nothing is written here.
 */
export async function prepareDestination(services: Deps, id: string, body: DestinationUpdate, current: StoredDestination | null): Promise<StoredDestination> {
  const problems: FieldProblem[] = [];
  const add = (path: string, message: string) => problems.push({ in: 'body', path, message });
  const ref = `${body.plugin.name}@${body.plugin.version}`;
  const record = await services.plugins.service.catalog.record(body.plugin.name, body.plugin.version);
  let config: Record<string, unknown> = body.config ?? {};
  if (!record) add('plugin', `plugin ${ref} is not installed`);
  else if (record.manifest.kind !== 'destination') add('plugin', `plugin ${ref} is of kind ${record.manifest.kind}, not destination`);
  else {
    const checked = validateConfig(record.manifest, body.config ?? {});
    for (const e of checked.errors) add(e.path ? `config.${e.path}` : 'config', `${e.message} (${ref})`);
    config = checked.value;
  }
  const condition = body.condition?.trim() ? body.condition.trim() : null;
  if (condition) {
    try { parseCondition(condition); } catch (e) { add('condition', (e as Error).message); }
  }
  if (body.on === 'profile-changed' && body.eventTypes && body.eventTypes.length > 0) add('eventTypes', 'applies to `on: event` destinations only');
  const currentResources = current ? openResources(services.cipher, current.sealedResources) : {};
  const { value: resources, unknownMasked } = mergeResources(currentResources, body.resources);
  for (const path of unknownMasked) add(path, 'is the mask but no value is stored for it; send the value');
  const declared = record?.manifest.permissions.resources ?? [];
  for (const name of Object.keys(resources)) {
    if (record && !declared.includes(name)) add(`resources.${name}`, `plugin ${ref} does not declare a resource named ${name} (it declares: ${declared.join(', ') || 'none'})`);
  }
  if (problems.length > 0) {
    throw userError('invalid_destination', `The destination is invalid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, 422, { fields: problems });
  }
  const now = new Date().toISOString();
  return {
    id, name: body.name, description: body.description ?? '', plugin: { name: body.plugin.name, version: body.plugin.version }, config,
    sealedResources: sealResources(services.cipher, resources), resourceKeys: resourceKeys(resources),
    on: body.on, eventTypes: body.on === 'event' ? [...new Set((body.eventTypes ?? []).map(normaliseEventType))] : [],
    condition, enabled: body.enabled ?? true, delivery: { attempts: body.delivery?.attempts ?? 5, backoffMs: body.delivery?.backoffMs ?? 2000 },
    createdAt: current?.createdAt ?? now, updatedAt: now,
  };
}

interface DestinationCache {
  cache: TtlCache<ActiveDestination[]>;
  subscribed: boolean;
}

// Keyed by the services of one host (no module-level state shared between hosts or tests).
const caches = new WeakMap<object, DestinationCache>();

function cacheOf(services: Deps): DestinationCache {
  let c = caches.get(services);
  if (!c) {
    c = { cache: ttlCache(() => loadActive(services), CACHE_TTL_MS), subscribed: false };
    caches.set(services, c);
  }
  if (!c.subscribed) {
    const entry = c;
    entry.subscribed = true;
    void services.bus.subscribe(DESTINATIONS_CHANNEL, () => entry.cache.invalidate()).catch(() => { entry.subscribed = false; });
  }
  return c;
}

async function loadActive(services: Deps): Promise<ActiveDestination[]> {
  const out: ActiveDestination[] = [];
  let cursor: string | null = null;
  do {
    const page = await destinationRecords(services).search({ limit: 1000, cursor });
    for (const d of page.items) {
      if (!d.enabled) continue;
      let condition: Expr | null = null;
      // Conditions were checked when saved; one that no longer parses (older syntax) must not send everything.
      try { condition = d.condition ? parseCondition(d.condition) : null; } catch { continue; }
      out.push({ destination: d, condition });
    }
    cursor = page.next;
  } while (cursor);
  return out;
}

/** The enabled destinations, from a cache that lives at most a couple of seconds. */
export function activeDestinations(services: Deps): Promise<ActiveDestination[]> {
  return cacheOf(services).cache.get();
}

/**
 * True when, as the fresh cache knows without waiting, no destination is enabled: the destinations stage then plans
 * nothing at no cost. False when some are, or when the cache must be loaded first.
 */
export function noActiveDestinations(services: Deps): boolean {
  return cacheOf(services).cache.peek()?.length === 0;
}

/** Drops the cache here at once and on every other host through the bus. */
export async function destinationsChanged(services: Deps, id: string): Promise<void> {
  cacheOf(services).cache.invalidate();
  await services.bus.publish(DESTINATIONS_CHANNEL, { id });
}
