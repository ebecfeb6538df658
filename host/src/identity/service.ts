/**
 * Identification points: storage, validation, and the in-memory list of enabled points the /track stages read on
 * every request (dropped on every change here and, on other hosts, through the bus; expires after `cacheTtlMs`).
 */
import { randomUUID } from 'node:crypto';
import { ttlCache } from '../cache/index.ts';
import { userError } from '../errors/index.ts';
import { normaliseEventType, normaliseId } from '../pipeline/stages/ids.ts';
import type { Page, Query, Store, TrackedEvent } from '../storage/index.ts';
import { identificationId, readField } from './internal/keys.ts';
import type { IdentificationPoint, IdentificationPointInput } from './point.schema.ts';

/** Bus channel announcing `{ id }` of a changed identification point. */
export const IDENTITY_CHANNEL = 'identification.changed';

/** A value an event brought for an identifying profile field. */
export interface EventIdentity {
  /** Profile field, e.g. `pii.email`. */
  field: string;
  /** The value as the event carried it. */
  value: string | number;
  /** Its identification id (see `internal/keys.ts`). */
  idpId: string;
}

/** The enabled points and their profile fields, as cached. */
interface PointCache {
  points: IdentificationPoint[];
  fields: string[];
}

/** Options of {@link createIdentityService}. */
export interface IdentityServiceOptions {
  store: Store;
  /** How long another host's change may go unnoticed when a bus message is lost. Default 2000 ms. */
  cacheTtlMs?: number;
}

/** Identification point management and matching. */
export type IdentityService = ReturnType<typeof createIdentityService>;

/** What identification reads of an event: a payload event before it is stored has no source or system mark yet. */
type IdentifyingEvent = Pick<TrackedEvent, 'type' | 'properties' | 'context'> & Partial<Pick<TrackedEvent, 'system' | 'sourceId'>>;

/** Creates the identity service over the store's `identification-points` collection. */
export function createIdentityService(opts: IdentityServiceOptions) {
  const points = opts.store.config<IdentificationPoint>('identification-points');

  async function load(): Promise<PointCache> {
    const list: IdentificationPoint[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<IdentificationPoint> = await points.search({ filters: [{ field: 'enabled', op: 'eq', value: true }], sort: [{ field: 'createdAt', order: 'asc' }], limit: 1000, cursor });
      list.push(...page.items);
      cursor = page.next;
    } while (cursor);
    const fields = [...new Set(list.flatMap((p) => p.fields.map((f) => f.profile)))];
    return { points: list, fields };
  }
  const cache = ttlCache(load, opts.cacheTtlMs ?? 2000);
  const enabled = (): Promise<PointCache> => cache.get();

  function normalise(input: IdentificationPointInput): Required<Pick<IdentificationPointInput, 'source' | 'eventType'>> & IdentificationPointInput {
    const source = (input.source ?? 'any').trim();
    const eventType = (input.eventType ?? '*').trim();
    return {
      ...input,
      source: source.toLowerCase() === 'any' ? 'any' : normaliseId(source),
      eventType: eventType === '*' ? '*' : normaliseEventType(eventType),
    };
  }

  async function check(input: ReturnType<typeof normalise>): Promise<void> {
    if (input.source !== 'any' && !(await opts.store.config('sources').get(input.source))) {
      const fields = [{ in: 'body', path: 'source', message: `no event source '${input.source}' (use 'any' for every source)` }];
      throw userError('invalid_identification_point', `source: ${fields[0]!.message}`, 422, { fields });
    }
    const seen = new Set<string>();
    input.fields.forEach((f, i) => {
      if (seen.has(f.profile)) {
        throw userError('invalid_identification_point', `fields.${i}.profile: ${f.profile} is listed twice`, 422, { fields: [{ in: 'body', path: `fields.${i}.profile`, message: 'listed twice' }] });
      }
      seen.add(f.profile);
    });
  }

  async function mustGet(id: string): Promise<IdentificationPoint> {
    const point = await points.get(id);
    if (!point) throw userError('identification_point_not_found', `No identification point '${id}'`, 404, { id });
    return point;
  }

  function build(id: string, input: ReturnType<typeof normalise>, createdAt: string): IdentificationPoint {
    return {
      id, name: input.name.trim(), description: input.description ?? '', enabled: input.enabled ?? true, source: input.source,
      eventType: input.eventType, fields: input.fields.map((f) => (f.event ? { profile: f.profile, event: f.event } : { profile: f.profile })),
      createdAt, updatedAt: new Date().toISOString(),
    };
  }

  return {
    /** A page of identification points, oldest first. */
    list(query: Query = {}): Promise<Page<IdentificationPoint>> {
      return points.search({ sort: [{ field: 'createdAt', order: 'asc' }], ...query });
    },
    get: mustGet,
    /** Validates and stores a point; it applies from the next event on. */
    async create(raw: IdentificationPointInput): Promise<IdentificationPoint> {
      const input = normalise(raw);
      await check(input);
      const point = build(randomUUID(), input, new Date().toISOString());
      await points.put(point);
      cache.invalidate();
      return point;
    },
    /** Replaces a point. */
    async update(id: string, raw: IdentificationPointInput): Promise<IdentificationPoint> {
      const old = await mustGet(id);
      const input = normalise(raw);
      await check(input);
      const point = build(id, input, old.createdAt);
      await points.put(point);
      cache.invalidate();
      return point;
    },
    /** Deletes a point. Identification ids already on profiles stay: they still name the person. */
    async remove(id: string): Promise<void> {
      await mustGet(id);
      await points.delete(id);
      cache.invalidate();
    },
    /**
     * True when, as the fresh cache knows without waiting, no identification point is enabled: the /track stages then
     * skip identification at no cost. False when some are, or when the cache must be loaded first.
     */
    noneEnabled(): boolean {
      return cache.peek()?.points.length === 0;
    },
    /** The profile fields of every enabled point: the merge keys. Empty when nothing is configured. */
    async mergeKeyFields(): Promise<string[]> {
      return (await enabled()).fields;
    },
    /**
     * The identifying values the events carry, for the points matching each event's source and type; `sourceId`, when
     * given, is the source of all of them (events not yet stamped with it).
     */
    async eventIdentities(events: readonly IdentifyingEvent[], sourceId?: string): Promise<EventIdentity[]> {
      const { points: list } = await enabled();
      if (list.length === 0) return [];
      const out: EventIdentity[] = [];
      for (const event of events) {
        if (event.system) continue;
        const source = sourceId ?? event.sourceId;
        for (const point of list) {
          if (point.source !== 'any' && point.source !== source) continue;
          if (point.eventType !== '*' && point.eventType !== event.type) continue;
          for (const f of point.fields) {
            if (!f.event) continue;
            const value = readField(event, f.event);
            const idpId = identificationId(f.profile, value);
            if (idpId === null || out.some((o) => o.idpId === idpId)) continue;
            out.push({ field: f.profile, value: typeof value === 'string' ? value.trim() : (value as number), idpId });
          }
        }
      }
      return out;
    },
    /** Forgets the cached points (a bus message said another host changed one). */
    invalidate(): void {
      cache.invalidate();
    },
  };
}
