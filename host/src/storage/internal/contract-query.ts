/** The query half of the storage contract: filters (incl. arrays), free text, sort, cursor paging, count. */
import { expect, it } from 'vitest';
import type { TrackedEvent } from '../entities.ts';
import type { Filter, Page, Query, Collection } from '../port.ts';
import type { ContractContext } from '../contract.ts';
import { at, makeEvent, makeProfile } from './fixtures.ts';

async function all<T extends { id: string }>(c: Collection<T>, query: Query): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = query.cursor ?? null;
  let pages = 0;
  do {
    const page: Page<T> = await c.search({ ...query, cursor });
    ids.push(...page.items.map((d) => d.id));
    cursor = page.next;
    pages += 1;
    if (pages > 1000) throw new Error('paging does not end');
  } while (cursor);
  return { ids, pages };
}

// Words, not digits: ids contain a random hex namespace, so a digit could match any of them.
const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** Registers the query tests on the shared contract context. */
export function describeQueryContract(ctx: ContractContext): void {
  /** Ten events with known fields: type alternates, n = 0..9, tags vary, some have properties.flag. */
  async function seed(ns: string): Promise<TrackedEvent[]> {
    const events = Array.from({ length: 10 }, (_, n) => makeEvent(ns, `${ns}-${n}`, {
      type: n % 2 === 0 ? 'page-view' : 'Purchase',
      time: at(n),
      tags: n % 3 === 0 ? ['red', 'blue'] : [`tag-${n}`],
      properties: { n, name: `Item ${WORDS[n]} Ünïcode`, ...(n < 3 ? { flag: n === 0 } : {}) },
    }));
    await ctx.store.commit({ events });
    return events;
  }
  const ids = async (ns: string, filters: Filter[]): Promise<string[]> => {
    const page = await ctx.store.events.search({ filters: [{ field: 'sourceId', op: 'eq', value: ns }, ...filters], limit: 1000 });
    return page.items.map((e) => e.id.slice(ns.length + 1)).sort((a, b) => Number(a) - Number(b));
  };

  it('filters with every operator, on nested fields and on array fields', async () => {
    const ns = ctx.ns();
    await seed(ns);
    expect(await ids(ns, [{ field: 'type', op: 'eq', value: 'Purchase' }])).toEqual(['1', '3', '5', '7', '9']);
    expect(await ids(ns, [{ field: 'type', op: 'ne', value: 'Purchase' }])).toEqual(['0', '2', '4', '6', '8']);
    expect(await ids(ns, [{ field: 'properties.n', op: 'in', value: [2, 4, 99] }])).toEqual(['2', '4']);
    expect(await ids(ns, [{ field: 'properties.n', op: 'gte', value: 7 }])).toEqual(['7', '8', '9']);
    expect(await ids(ns, [{ field: 'properties.n', op: 'gt', value: 7 }, { field: 'properties.n', op: 'lte', value: 9 }])).toEqual(['8', '9']);
    expect(await ids(ns, [{ field: 'time', op: 'lt', value: at(2) }])).toEqual(['0', '1']);
    expect(await ids(ns, [{ field: 'properties.flag', op: 'exists' }])).toEqual(['0', '1', '2']);
    expect(await ids(ns, [{ field: 'properties.flag', op: 'exists', value: false }])).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    expect(await ids(ns, [{ field: 'properties.flag', op: 'eq', value: true }])).toEqual(['0']);
    expect(await ids(ns, [{ field: 'properties.flag', op: 'ne', value: true }])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(await ids(ns, [{ field: 'properties.flag', op: 'eq', value: null }])).toEqual(['3', '4', '5', '6', '7', '8', '9']);
    expect(await ids(ns, [{ field: 'properties.name', op: 'contains', value: 'item one ÜNÏ' }])).toEqual(['1']);
    expect(await ids(ns, [{ field: 'type', op: 'prefix', value: 'Pur' }])).toEqual(['1', '3', '5', '7', '9']);
    expect(await ids(ns, [{ field: 'type', op: 'prefix', value: 'pur' }])).toEqual([]);
    // Arrays: eq/in match when any element matches; ne when none does.
    expect(await ids(ns, [{ field: 'tags', op: 'eq', value: 'blue' }])).toEqual(['0', '3', '6', '9']);
    expect(await ids(ns, [{ field: 'tags', op: 'in', value: ['tag-4', 'red'] }])).toEqual(['0', '3', '4', '6', '9']);
    expect(await ids(ns, [{ field: 'tags', op: 'ne', value: 'red' }])).toEqual(['1', '2', '4', '5', '7', '8']);
    expect(await ids(ns, [{ field: 'tags', op: 'prefix', value: 'tag-' }])).toEqual(['1', '2', '4', '5', '7', '8']);
    expect(await ids(ns, [{ field: 'properties.n', op: 'in', value: [] }])).toEqual([]);
  });

  it('counts what the filters match', async () => {
    const ns = ctx.ns();
    await seed(ns);
    const mine: Filter = { field: 'sourceId', op: 'eq', value: ns };
    expect(await ctx.store.events.count([mine])).toBe(10);
    expect(await ctx.store.events.count([mine, { field: 'tags', op: 'eq', value: 'red' }])).toBe(4);
    expect(await ctx.store.events.count([mine, { field: 'type', op: 'eq', value: 'nothing' }])).toBe(0);
  });

  it('sorts by any field, breaking ties by id', async () => {
    const ns = ctx.ns();
    await seed(ns);
    const mine: Filter[] = [{ field: 'sourceId', op: 'eq', value: ns }];
    const byTime = await ctx.store.events.search({ filters: mine, sort: [{ field: 'time', order: 'desc' }] });
    expect(byTime.items.map((e) => e.properties.n)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const byType = await ctx.store.events.search({ filters: mine, sort: [{ field: 'type', order: 'asc' }, { field: 'id', order: 'desc' }] });
    expect(byType.items.map((e) => e.properties.n)).toEqual([9, 7, 5, 3, 1, 8, 6, 4, 2, 0]);
  });

  it('pages with cursors without duplicates or gaps, also while documents are added', async () => {
    const ns = ctx.ns();
    const events = Array.from({ length: 53 }, (_, i) => makeEvent(ns, `${ns}-${String(i).padStart(2, '0')}`, { time: at(i % 7), properties: { i } }));
    await ctx.store.commit({ events });
    const query: Query = { filters: [{ field: 'sourceId', op: 'eq', value: ns }], sort: [{ field: 'time', order: 'desc' }], limit: 10 };
    const { ids: seen, pages } = await all(ctx.store.events, query);
    expect(pages).toBe(6);
    expect(new Set(seen).size).toBe(53);
    // Ties on time are broken by id in the direction of the last sort key (descending here).
    const expected = [...events].sort((a, b) => (a.time === b.time ? (a.id < b.id ? 1 : -1) : (a.time < b.time ? 1 : -1))).map((e) => e.id);
    expect(seen).toEqual(expected);

    // Documents added mid-way: the ones before the cursor are not repeated, the old ones are all still seen once.
    const first = await ctx.store.events.search(query);
    await ctx.store.events.putMany([makeEvent(ns, `${ns}-late-a`, { time: at(100) }), makeEvent(ns, `${ns}-late-b`, { time: at(-1) })]);
    const rest = await all(ctx.store.events, { ...query, cursor: first.next });
    const combined = [...first.items.map((e) => e.id), ...rest.ids];
    expect(new Set(combined).size).toBe(combined.length);
    expect(combined.filter((id) => !id.includes('late'))).toEqual(expected);
    expect(combined).toContain(`${ns}-late-b`);
  });

  it('returns next: null on the last page and rejects a foreign or broken cursor', async () => {
    const ns = ctx.ns();
    await seed(ns);
    const filters: Filter[] = [{ field: 'sourceId', op: 'eq', value: ns }];
    const whole = await ctx.store.events.search({ filters, limit: 10 });
    expect(whole.items).toHaveLength(10);
    expect(whole.next).toBeNull();
    const half = await ctx.store.events.search({ filters, limit: 5, sort: [{ field: 'time', order: 'asc' }] });
    expect(half.next).toEqual(expect.any(String));
    await expect(ctx.store.events.search({ filters, limit: 5, cursor: half.next, sort: [{ field: 'type', order: 'asc' }] }))
      .rejects.toMatchObject({ code: 'invalid_cursor', status: 400 });
    await expect(ctx.store.events.search({ filters, cursor: 'not a cursor' })).rejects.toMatchObject({ code: 'invalid_cursor' });
  });

  it('rejects malformed queries with a 4xx naming the part', async () => {
    await expect(ctx.store.events.search({ filters: [{ field: 'type', op: 'like' as never, value: 'x' }] }))
      .rejects.toMatchObject({ code: 'invalid_query', status: 400, details: { field: 'filters[0].op' } });
    await expect(ctx.store.events.search({ filters: [{ field: "x') OR 1=1 --", op: 'eq', value: 'x' }] }))
      .rejects.toMatchObject({ code: 'invalid_query', details: { field: 'filters[0].field' } });
    await expect(ctx.store.events.search({ filters: [{ field: 'type', op: 'eq', value: { a: 1 } }] }))
      .rejects.toMatchObject({ code: 'invalid_query', details: { field: 'filters[0].value' } });
    await expect(ctx.store.events.search({ limit: 0 })).rejects.toMatchObject({ code: 'invalid_query', details: { field: 'limit' } });
  });

  it('searches profiles by free text over ids, traits and pii, case-insensitively, every word', async () => {
    const ns = ctx.ns();
    await ctx.store.commit({ profiles: [
      makeProfile(ns, `${ns}-1`, { ids: [`${ns}-CRM-4711`], traits: { ns, plan: 'Gold' } }),
      makeProfile(ns, `${ns}-2`, { traits: { ns, plan: 'Silver' }, pii: { email: 'Ada@Example.org' } }),
      makeProfile(ns, `${ns}-3`, { traits: { ns, plan: 'Gold' }, pii: { email: 'bob@example.org' } }),
    ] });
    const text = async (q: string) => (await ctx.store.profiles.search({ text: q, filters: [{ field: 'traits.ns', op: 'eq', value: ns }] }))
      .items.map((p) => p.id.slice(ns.length + 1)).sort();
    expect(await text('gold')).toEqual(['1', '3']);
    expect(await text('crm-4711')).toEqual(['1']);
    expect(await text('ada@example')).toEqual(['2']);
    expect(await text('gold bob')).toEqual(['3']);
    expect(await text('nobody-has-this')).toEqual([]);
  });

  it('searches events by free text over type and properties', async () => {
    const ns = ctx.ns();
    await seed(ns);
    const page = await ctx.store.events.search({ text: 'purchase item three', filters: [{ field: 'sourceId', op: 'eq', value: ns }] });
    expect(page.items.map((e) => e.properties.n)).toEqual([3]);
  });
}
