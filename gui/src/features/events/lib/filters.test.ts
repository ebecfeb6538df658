import { describe, expect, it } from 'vitest';
import { emptyFilters, filtersFromQuery, filtersToQuery } from './filters.ts';

describe('event filters', () => {
  it('leave empty fields out of the query', () => {
    expect(filtersToQuery(emptyFilters())).toEqual({});
    expect(filtersToQuery({ ...emptyFilters(), type: '  page-view ' })).toEqual({ type: 'page-view' });
  });

  it('round-trip through the URL, times as ISO strings', () => {
    const f = { type: 'purchase', source: 's1', profile: 'p1', from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 2) };
    const q = filtersToQuery(f);
    expect(q.from).toBe('2026-01-01T00:00:00.000Z');
    expect(filtersFromQuery(q)).toEqual(f);
  });

  it('ignores garbage in the URL', () => {
    expect(filtersFromQuery({ from: 'yesterday', type: ['a'] })).toEqual(emptyFilters());
  });
});
