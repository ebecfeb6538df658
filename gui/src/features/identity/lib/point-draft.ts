import type { IdentificationField, IdentificationPoint, IdentificationPointInput } from '../../../api/index.ts';

/** What the identification point form edits: every field present. */
export type PointDraft = Required<Omit<IdentificationPointInput, 'fields'>> & { fields: { profile: string; event: string }[] };

/** The value points use for "events from any source". */
export const ANY_SOURCE = 'any';
/** The value points use for "events of any type". */
export const ANY_TYPE = '*';

/** A blank point: any source, any type, one empty field. */
export function blankPoint(): PointDraft {
  return { name: '', description: '', enabled: true, source: ANY_SOURCE, eventType: ANY_TYPE, fields: [{ profile: '', event: '' }] };
}

/** The draft of a stored point. */
export function pointDraft(p: IdentificationPoint | null | undefined): PointDraft {
  if (!p) return blankPoint();
  return {
    name: p.name, description: p.description, enabled: p.enabled, source: p.source, eventType: p.eventType,
    fields: p.fields.map((f) => ({ profile: f.profile, event: f.event ?? '' })),
  };
}

/** The body sent to the API: trimmed; a field without an event path is a merge key only. */
export function pointBody(d: PointDraft): IdentificationPointInput {
  const fields: IdentificationField[] = d.fields.map((f) => (f.event.trim() ? { profile: f.profile.trim(), event: f.event.trim() } : { profile: f.profile.trim() }));
  const body: IdentificationPointInput = {
    name: d.name.trim(), enabled: d.enabled, source: d.source.trim() || ANY_SOURCE, eventType: d.eventType.trim() || ANY_TYPE, fields,
  };
  if (d.description.trim()) body.description = d.description.trim();
  return body;
}

/** Form-level checks before asking the API, keyed like the API's field paths (`fields.0.profile`). */
export function pointProblems(d: PointDraft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!d.name.trim()) out.name = 'Give the identification point a name';
  if (d.fields.length === 0) out.fields = 'Add at least one identifying field';
  d.fields.forEach((f, i) => {
    if (!/^(traits|pii)\./.test(f.profile.trim())) out[`fields.${i}.profile`] = 'A profile field under traits. or pii., e.g. pii.email';
    if (f.event.trim() && !/^(properties|context)\./.test(f.event.trim())) out[`fields.${i}.event`] = 'An event path under properties. or context., e.g. properties.email';
  });
  return out;
}

/** One line describing a point's fields, e.g. `pii.email ← properties.email, traits.crmId`. */
export function fieldsSummary(fields: readonly IdentificationField[]): string {
  return fields.map((f) => (f.event ? `${f.profile} ← ${f.event}` : f.profile)).join(', ');
}
