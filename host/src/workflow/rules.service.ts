/**
 * Routing rules: which flows run for an event. Every enabled rule whose event type, source and optional condition
 * match selects its flow; several flows may run for one event. The enabled rules are cached in memory and the cache
 * is dropped on every change made through this service, so a rule change takes effect with the next event. Other
 * instances (scale mode) pick changes up within `cacheTtlMs`.
 */
import { randomUUID } from 'node:crypto';
import { ttlCache } from '../cache/index.ts';
import type { Page, Query, Store } from '../storage/index.ts';
import { userError } from '../errors/index.ts';
import { evaluate, parseCondition, ConditionSyntaxError, type ConditionContext, type Expr } from '../condition/index.ts';
import { normaliseEventType, normaliseId } from '../pipeline/stages/ids.ts';
import type { Rule, RuleInput } from './flow.schema.ts';

/** Options of {@link createRuleService}. */
export interface RuleServiceOptions {
  store: Store;
  /** How long another instance's rule change may go unnoticed. Default 2000 ms. */
  cacheTtlMs?: number;
  now?: () => Date;
}

/** A rule with its condition parsed once. */
interface CompiledRule {
  rule: Rule;
  condition: Expr | null;
}

/** Rule management and matching. */
export type RuleService = ReturnType<typeof createRuleService>;

/** Creates the rule service over the store's `rules` collection. */
export function createRuleService(opts: RuleServiceOptions) {
  const rules = opts.store.config<Rule>('rules');
  const now = () => (opts.now ? opts.now() : new Date()).toISOString();

  async function loadEnabled(): Promise<CompiledRule[]> {
    const out: CompiledRule[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Rule> = await rules.search({ filters: [{ field: 'enabled', op: 'eq', value: true }], limit: 1000, cursor });
      for (const rule of page.items) {
        let condition: Expr | null = null;
        // A rule saved through the API always parses; a hand-edited broken one never matches rather than throwing.
        try { condition = rule.condition ? parseCondition(rule.condition) : null; } catch { continue; }
        out.push({ rule, condition });
      }
      cursor = page.next;
    } while (cursor);
    return out;
  }

  const cache = ttlCache(loadEnabled, opts.cacheTtlMs ?? 2000);
  const enabled = (): Promise<CompiledRule[]> => cache.get();

  // Events are stored with normalised types and source ids; rules are too, so `Page View` matches `page-view`.
  function normalise(input: RuleInput): RuleInput {
    return {
      ...input,
      eventType: input.eventType.trim() === '*' ? '*' : normaliseEventType(input.eventType),
      source: input.source.trim().toLowerCase() === 'any' ? 'any' : normaliseId(input.source),
    };
  }

  async function check(input: RuleInput): Promise<void> {
    const fields: { in: string; path: string; message: string }[] = [];
    if (input.condition !== undefined && input.condition.trim() !== '') {
      try { parseCondition(input.condition); } catch (e) {
        if (!(e instanceof ConditionSyntaxError)) throw e;
        fields.push({ in: 'body', path: 'condition', message: e.message });
      }
    }
    if (!(await opts.store.config('flows').get(input.flowId))) fields.push({ in: 'body', path: 'flowId', message: `no flow '${input.flowId}'` });
    if (input.source !== 'any' && !(await opts.store.config('sources').get(input.source))) {
      fields.push({ in: 'body', path: 'source', message: `no event source '${input.source}' (use 'any' for every source)` });
    }
    if (fields.length > 0) throw userError('invalid_rule', `${fields[0].path}: ${fields[0].message}`, 422, { fields });
  }

  async function mustGet(id: string): Promise<Rule> {
    const rule = await rules.get(id);
    if (!rule) throw userError('rule_not_found', `No rule '${id}'`, 404, { id });
    return rule;
  }

  function build(id: string, input: RuleInput, createdAt: string): Rule {
    const rule: Rule = {
      id, name: input.name, eventType: input.eventType, source: input.source, flowId: input.flowId,
      enabled: input.enabled ?? true, createdAt, updatedAt: now(),
    };
    if (input.condition !== undefined && input.condition.trim() !== '') rule.condition = input.condition;
    if (input.description !== undefined) rule.description = input.description;
    return rule;
  }

  return {
    /** A page of rules, newest first. */
    list(query: Query = {}): Promise<Page<Rule>> {
      return rules.search({ sort: [{ field: 'createdAt', order: 'desc' }], ...query });
    },
    get: mustGet,
    /** Validates (condition, flow, source) and stores a rule; it applies from the next event on. */
    async create(raw: RuleInput): Promise<Rule> {
      const input = normalise(raw);
      await check(input);
      const rule = build(randomUUID(), input, now());
      await rules.put(rule);
      cache.invalidate();
      return rule;
    },
    /** Replaces a rule. */
    async update(id: string, raw: RuleInput): Promise<Rule> {
      const input = normalise(raw);
      const old = await mustGet(id);
      await check(input);
      const rule = build(id, input, old.createdAt);
      await rules.put(rule);
      cache.invalidate();
      return rule;
    },
    /** Deletes a rule. */
    async remove(id: string): Promise<void> {
      await mustGet(id);
      await rules.delete(id);
      cache.invalidate();
    },
    /** Ids of rules (enabled or not) pointing at a flow. */
    async usingFlow(flowId: string): Promise<string[]> {
      const page = await rules.search({ filters: [{ field: 'flowId', op: 'eq', value: flowId }], limit: 1000 });
      return page.items.map((r) => r.id);
    },
    /**
     * True when, as the fresh cache knows without waiting, no rule is enabled: routing then selects nothing at no
     * cost. False when some are, or when the cache must be loaded first.
     */
    noneEnabled(): boolean {
      return cache.peek()?.length === 0;
    },
    /** Enabled rules matching an event, in a stable order (oldest rule first). */
    async match(event: { type: string; sourceId: string }, ctx: ConditionContext): Promise<Rule[]> {
      const list = await enabled();
      if (list.length === 0) return [];
      const hits = list.filter(({ rule, condition }) =>
        (rule.eventType === event.type || rule.eventType === '*')
        && (rule.source === 'any' || rule.source === event.sourceId)
        && (condition === null || evaluate(condition, ctx)));
      return hits.map((h) => h.rule).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    /** Forgets the cached rules (after out-of-band changes, e.g. a promotion import). */
    invalidate(): void {
      cache.invalidate();
    },
  };
}
