/** The dashboard's aggregates. The GUI imports these types (STYLE.md §3). */
import { Type, type Static } from 'typebox';

/** A count in one time bucket; `t` is the bucket's start (ISO). */
export const Bucket = Type.Object({ t: Type.String(), count: Type.Integer() });
/** A count in one time bucket. */
export type Bucket = Static<typeof Bucket>;

/** A recent event on which a workflow failed, with what the event recorded about its flows. */
export const FlowErrorSample = Type.Object({
  eventId: Type.String(),
  type: Type.String(),
  time: Type.String(),
  profileId: Type.Union([Type.String(), Type.Null()]),
  flows: Type.Array(Type.Record(Type.String(), Type.Unknown())),
});
/** A recent event on which a workflow failed. */
export type FlowErrorSample = Static<typeof FlowErrorSample>;

/** `GET /api/stats/dashboard`. */
export const DashboardStats = Type.Object({
  generatedAt: Type.String(),
  totals: Type.Object({ events: Type.Integer(), profiles: Type.Integer(), eventsLastHour: Type.Integer(), flowErrorsLast24h: Type.Integer() }),
  /** 60 one-minute buckets, oldest first, ending with the current minute. */
  eventsPerMinute: Type.Array(Bucket),
  /** Event types over the last 24 hours, most frequent first. */
  eventsByType: Type.Array(Type.Object({ type: Type.String(), count: Type.Integer() })),
  /** True when `eventsByType` was computed from the most recent events only (very busy installations). */
  eventsByTypeSampled: Type.Boolean(),
  /** 14 one-day buckets (UTC days), oldest first. */
  newProfilesPerDay: Type.Array(Bucket),
  /** 24 one-hour buckets of events whose workflows failed, oldest first. */
  flowErrorsPerHour: Type.Array(Bucket),
  recentFlowErrors: Type.Array(FlowErrorSample),
});
/** The dashboard's aggregates. */
export type DashboardStats = Static<typeof DashboardStats>;
