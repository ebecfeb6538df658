/**
 * Segment management and the compiled list of enabled segments /track evaluates inline. Conditions are parsed once
 * per change: the cache is dropped on every change made here and, on other hosts, through the bus; it expires after
 * `cacheTtlMs` in case a message was lost.
 */
import { randomUUID } from 'node:crypto';
import { ttlCache } from '../cache/index.ts';
import { userError } from '../errors/index.ts';
import type { Page, Profile, Query, Store } from '../storage/index.ts';
import { applySegments, compileSegmentCondition, type CompiledSegment } from './internal/compile.ts';
import type { Segment, SegmentInput } from './segment.schema.ts';

/** Bus channel announcing `{ id }` of a changed segment. */
export const SEGMENTS_CHANNEL = 'segments.changed';

/** Options of {@link createSegmentService}. */
export interface SegmentServiceOptions {
  store: Store;
  /** Default 2000 ms. */
  cacheTtlMs?: number;
}

/** Segment management and evaluation. */
export type SegmentService = ReturnType<typeof createSegmentService>;

/** What a change did, so the caller can schedule the batch re-evaluation. */
export interface SegmentChange {
  segment: Segment;
  /** Names profiles must lose (the old name of a renamed segment). */
  strip: string[];
}

/** Compiles a stored segment; a hand-edited broken one is skipped rather than failing every /track. */
export function compileStored(segment: Segment): CompiledSegment | null {
  try {
    return { id: segment.id, name: segment.name, expr: compileSegmentCondition(segment.condition) };
  } catch {
    return null;
  }
}

/** Creates the segment service over the store's `segments` collection. */
export function createSegmentService(opts: SegmentServiceOptions) {
  const segments = opts.store.config<Segment>('segments');

  async function load(): Promise<CompiledSegment[]> {
    const out: CompiledSegment[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Segment> = await segments.search({ filters: [{ field: 'enabled', op: 'eq', value: true }], sort: [{ field: 'createdAt', order: 'asc' }], limit: 1000, cursor });
      for (const s of page.items) {
        const c = compileStored(s);
        if (c) out.push(c);
      }
      cursor = page.next;
    } while (cursor);
    return out;
  }

  const cache = ttlCache(load, opts.cacheTtlMs ?? 2000);
  const enabled = (): Promise<CompiledSegment[]> => cache.get();

  async function mustGet(id: string): Promise<Segment> {
    const segment = await segments.get(id);
    if (!segment) throw userError('segment_not_found', `No segment '${id}'`, 404, { id });
    return segment;
  }

  async function check(input: SegmentInput, id: string | null): Promise<string> {
    compileSegmentCondition(input.condition, 'condition');
    const name = input.name.trim();
    if (name === '') throw userError('validation_failed', 'body.name must not be blank', 422, { fields: [{ in: 'body', path: 'name', message: 'must not be blank' }] });
    const same = await segments.search({ filters: [{ field: 'name', op: 'eq', value: name }], limit: 2 });
    if (same.items.some((s) => s.id !== id)) throw userError('segment_name_taken', `A segment named '${name}' exists already`, 409, { field: 'name' });
    return name;
  }

  function build(id: string, name: string, input: SegmentInput, createdAt: string): Segment {
    return { id, name, description: input.description ?? '', condition: input.condition, enabled: input.enabled ?? true, createdAt, updatedAt: new Date().toISOString() };
  }

  return {
    /** A page of segments, oldest first. */
    list(query: Query = {}): Promise<Page<Segment>> {
      return segments.search({ sort: [{ field: 'createdAt', order: 'asc' }], ...query });
    },
    get: mustGet,
    /** Validates (condition, unique name) and stores a segment. */
    async create(input: SegmentInput): Promise<SegmentChange> {
      const name = await check(input, null);
      const segment = build(randomUUID(), name, input, new Date().toISOString());
      await segments.put(segment);
      cache.invalidate();
      return { segment, strip: [] };
    },
    /** Replaces a segment; a rename makes profiles lose the old name (by the batch job). */
    async update(id: string, input: SegmentInput): Promise<SegmentChange> {
      const old = await mustGet(id);
      const name = await check(input, id);
      const segment = build(id, name, input, old.createdAt);
      await segments.put(segment);
      cache.invalidate();
      return { segment, strip: old.name !== name ? [old.name] : [] };
    },
    /** Deletes a segment; returns it so its name can be stripped from profiles. */
    async remove(id: string): Promise<Segment> {
      const old = await mustGet(id);
      await segments.delete(id);
      cache.invalidate();
      return old;
    },
    /**
     * True when, as the fresh cache knows without waiting, no segment is enabled: `evaluate` would change nothing, and
     * segmentation is skipped at no cost. False when some are, or when the cache must be loaded first.
     */
    noneEnabled(): boolean {
      return cache.peek()?.length === 0;
    },
    /** The profile with its segments re-evaluated against every enabled segment, or null when nothing changed. */
    async evaluate(profile: Profile): Promise<Profile | null> {
      const list = await enabled();
      if (list.length === 0) return null;
      const next = applySegments(profile, list);
      return next ? { ...profile, segments: next } : null;
    },
    /** Forgets the compiled segments (another host changed one). */
    invalidate(): void {
      cache.invalidate();
    },
  };
}
