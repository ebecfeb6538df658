import type { Page, Profile, Segment, SegmentInput } from '../../../api/index.ts';

/** What the segment form edits: every field present. */
export type SegmentDraft = Required<SegmentInput>;

/** A blank, enabled segment. */
export function blankSegment(): SegmentDraft {
  return { name: '', description: '', condition: '', enabled: true };
}

/** The draft of a stored segment. */
export function segmentDraft(s: Segment | null | undefined): SegmentDraft {
  if (!s) return blankSegment();
  return { name: s.name, description: s.description, condition: s.condition, enabled: s.enabled };
}

/** The body sent to the API: trimmed, an empty description left out. */
export function segmentBody(d: SegmentDraft): SegmentInput {
  const body: SegmentInput = { name: d.name.trim(), condition: d.condition.trim(), enabled: d.enabled };
  if (d.description.trim()) body.description = d.description.trim();
  return body;
}

/** Form-level checks before asking the API. */
export function segmentProblems(d: SegmentDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out.name = 'Give the segment a name (profiles carry it in their segments)';
  if (!d.condition.trim()) out.condition = 'Write the condition a profile must meet, e.g. profile@traits.plan == "pro"';
  return out;
}

/** The 1-based column an `invalid_condition` error points at, when it names one. */
export function conditionColumn(details: unknown): number | null {
  if (!details || typeof details !== 'object') return null;
  const column = (details as { column?: unknown }).column;
  return typeof column === 'number' && Number.isInteger(column) && column >= 1 ? column : null;
}

/**
 * Two lines that show where a condition goes wrong: the condition itself and a caret under the 1-based column.
 * A column past the end (an unfinished condition) puts the caret just after the last character.
 */
export function caretLines(condition: string, column: number): [string, string] {
  const at = Math.min(Math.max(column, 1), condition.length + 1);
  return [condition, `${' '.repeat(at - 1)}^`];
}

/** How many members a `GET /api/profiles?segment=` page shows: `"1000+"` when there are more pages. */
export function memberCountLabel(page: Pick<Page<Profile>, 'items' | 'next'>): string {
  return page.next ? `${page.items.length}+` : String(page.items.length);
}

/** The profile list filtered by a segment, as a router location. */
export function membersLink(name: string): { path: string; query: { segment: string } } {
  return { path: '/profiles', query: { segment: name } };
}
