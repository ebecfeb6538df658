import type { RuleInput } from '../../../api/index.ts';

/** The value rules use for "events from any source". */
export const ANY_SOURCE = 'any';

/** What the rule form edits. */
export type RuleDraft = RuleInput;

/** A blank rule: any source, enabled. */
export function blankRule(): RuleDraft {
  return { name: '', eventType: '', source: ANY_SOURCE, condition: '', flowId: '', enabled: true };
}

/** The body sent to the API: trimmed, with an empty condition left out. */
export function ruleBody(d: RuleDraft): RuleDraft {
  const body: RuleDraft = { ...d, name: d.name.trim(), eventType: d.eventType.trim() };
  const condition = (d.condition ?? '').trim();
  if (condition) body.condition = condition;
  else delete body.condition;
  return body;
}

/** Form-level checks before asking the API: each missing field with its message. */
export function ruleProblems(d: RuleDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out.name = 'Give the rule a name';
  if (!d.eventType.trim()) out.eventType = 'Which event type triggers it? Use * for any.';
  if (!d.flowId) out.flowId = 'Choose the workflow to run';
  return out;
}
