/**
 * The `/track` wire format: Tracardi's TrackerPayload and its response, as far as the browser tracker uses them.
 */

/** One event inside a TrackerPayload. */
export interface WireEvent {
  type: string;
  properties: Record<string, unknown>;
  options: Record<string, unknown>;
  context: Record<string, unknown>;
  time: { create: string };
}

/** The body of `POST /track`. */
export interface TrackPayload {
  source: { id: string };
  session: { id: string };
  profile: { id: string } | null;
  context: Record<string, unknown>;
  properties: Record<string, unknown>;
  events: WireEvent[];
  options: Record<string, unknown>;
}

/** What `/track` answers. `ux` items are untrusted and checked before rendering. */
export interface TrackResponse {
  profile?: { id?: string };
  session?: { id?: string };
  events?: unknown[];
  ux?: unknown[];
  response?: Record<string, unknown>;
  errors?: unknown[];
  warnings?: unknown[];
}
