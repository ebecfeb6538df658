/**
 * What flows through the ingestion pipeline. Each stage takes one of these states and returns the next; later states
 * extend earlier ones, so a stage sees everything decided before it and nothing decided after it.
 */
import type { OutboxJob, Profile, Session, TrackedEvent } from '../storage/index.ts';
import type { StoredSource } from '../sources/source.schema.ts';
import type { Services } from '../services.ts';
import type { TrackerPayload } from './track.schema.ts';

/** Which collector endpoint received the request. */
export type Endpoint = 'track' | 'collect';

/** Facts about the HTTP request the pipeline may need (never the raw request object). */
export interface RequestFacts {
  endpoint: Endpoint;
  ip: string;
  /** `Origin` header, when a browser sent one. */
  origin: string | undefined;
  /** `x-tessera-secret` header. */
  secret: string | undefined;
  userAgent: string | undefined;
  receivedAt: Date;
  /** `/collect` without a session id: no profile, no session (Tracardi's profile-less events). */
  profileLess: boolean;
  /**
   * Set only by the host's own jobs (the scheduler): the internal `@` source this request comes from. HTTP requests
   * never carry it, so `@` sources stay refused from outside.
   */
  internalSource?: StoredSource;
}

/** What the pipeline gives back to the caller, filled by any stage (workflows add ux, response, errors). */
export interface TrackOutput {
  ux: unknown[];
  response: Record<string, unknown>;
  errors: string[];
  warnings: string[];
}

/** The state entering the pipeline. */
export interface Received {
  payload: TrackerPayload;
  request: RequestFacts;
  out: TrackOutput;
}

/** What this request may store, after source and payload options are combined. */
export interface SavePolicy {
  profile: boolean;
  session: boolean;
  events: boolean;
}

/** After source validation: the source is known, enabled, of the right type, and the caller may use it. */
export interface Sourced extends Received {
  source: StoredSource;
}

/** An event of the payload after normalisation (trimmed, lower-cased ids and type, parsed time). */
export interface NormalisedEvent {
  id: string;
  type: string;
  time: string;
  properties: Record<string, unknown>;
  context: Record<string, unknown>;
  options: Record<string, unknown>;
  tags: string[];
}

/** After payload validation: ids normalised, events normalised, what may be saved decided. */
export interface Validated extends Sourced {
  sessionId: string | null;
  profileId: string | null;
  events: NormalisedEvent[];
  save: SavePolicy;
  /** True when the caller asked for stage timings and TRACK_DEBUG allows it. */
  debug: boolean;
}

/** After profile and session resolution. Profile and session are null for profile-less events. */
export interface Resolved extends Validated {
  profile: Profile | null;
  session: Session | null;
  isNewProfile: boolean;
  isNewSession: boolean;
  /** Every event to process: system events first, then the payload's, as stored entities. */
  tracked: TrackedEvent[];
  /**
   * Background jobs of this request, added by stages before `collection`, which commits them with the request's
   * documents (the store's outbox); the outbox relay then enqueues them. A crash after the answer loses none.
   */
  jobs?: OutboxJob[];
  /** Undoes writes a stage made outside the batch for its jobs (a scheduled event's record); run if the commit fails. */
  undoIfNotCommitted?: Array<() => Promise<unknown>>;
}

/** After collection: what was committed durably. */
export interface Collected extends Resolved {
  committed: { profile: boolean; session: boolean; events: number };
}

/** A pipeline stage: a named function from one state to the next. */
export interface Stage<I, O> {
  readonly name: string;
  /** True when the stage runs while the session/profile locks are held (must be one contiguous run of stages). */
  readonly locked: boolean;
  run(input: I, services: Services): O | Promise<O>;
}

/** Declares a stage. */
export function defineStage<I, O>(name: string, run: (input: I, services: Services) => O | Promise<O>, opts: { locked?: boolean } = {}): Stage<I, O> {
  return { name, locked: opts.locked ?? false, run };
}

/** A stage that later issues fill; for now it hands its input on unchanged. */
export function passThrough<T>(name: string, opts: { locked?: boolean } = {}): Stage<T, T> {
  return defineStage<T, T>(name, (input) => input, opts);
}
