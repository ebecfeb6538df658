/** The filter bar of the events screen, kept in the URL so a filtered view can be shared and reloaded. */
export interface EventFilters {
  type: string;
  source: string;
  profile: string;
  from: number | null;
  to: number | null;
}

/** Filters with nothing set. */
export function emptyFilters(): EventFilters {
  return { type: '', source: '', profile: '', from: null, to: null };
}

/** Reads filters from a route query. */
export function filtersFromQuery(query: Record<string, unknown>): EventFilters {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const time = (v: unknown) => {
    const t = typeof v === 'string' && v ? Date.parse(v) : NaN;
    return Number.isNaN(t) ? null : t;
  };
  return { type: str(query.type), source: str(query.source), profile: str(query.profile), from: time(query.from), to: time(query.to) };
}

/** The API (and route) query for filters: empty ones are left out, times become ISO strings. */
export function filtersToQuery(f: EventFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.type.trim()) q.type = f.type.trim();
  if (f.source) q.source = f.source;
  if (f.profile.trim()) q.profile = f.profile.trim();
  if (f.from !== null) q.from = new Date(f.from).toISOString();
  if (f.to !== null) q.to = new Date(f.to).toISOString();
  return q;
}
